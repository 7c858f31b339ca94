package dev.popnet.edge.store;

import java.nio.file.Path;
import java.util.List;

/** What the disk tier keeps in memory of one stored file: enough to index, evict and purge it without reading it. */
record DiskEntry(String primaryKey, String varyKey, String vary, long weight, List<String> surrogateKeys, Path file, boolean stale)
        implements Storable {

    DiskEntry asStale() {
        return new DiskEntry(primaryKey, varyKey, vary, weight, surrogateKeys, file, true);
    }
}
