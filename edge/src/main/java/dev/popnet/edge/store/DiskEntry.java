package dev.popnet.edge.store;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the disk tier keeps in memory of one stored file: enough to index, evict and purge it without
 * reading it, and whether its checksum has been checked since this process started (or wrote it).
 */
record DiskEntry(String primaryKey, String varyKey, String vary, long weight, List<String> surrogateKeys, Path file, boolean stale,
        AtomicBoolean checked) implements Storable {

    DiskEntry asStale() {
        return new DiskEntry(primaryKey, varyKey, vary, weight, surrogateKeys, file, true, checked);
    }
}
