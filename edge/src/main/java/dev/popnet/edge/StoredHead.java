package dev.popnet.edge;

import dev.popnet.core.http.HeaderList;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;

/**
 * A stored response's header fields as every hit sends them, serialised once when the object is stored:
 * names and values as ASCII bytes (written to the socket by a copy, not encoded char by char), the
 * fields the edge replaces (Content-Length, Via, Cache-Status) left out, and what a hit adds to those
 * (the upstream's Via and Cache-Status, the ETag its conditionals compare) looked up once.
 */
final class StoredHead {
    private static final AsciiString VIA = AsciiString.cached("Via");
    private static final AsciiString CACHE_STATUS = AsciiString.cached("Cache-Status");
    private final AsciiString[] fields;
    private final String viaBefore;
    private final String cacheStatusBefore;
    private final String etag;
    private final boolean dated;
    /** The Via this node sends, made once per node name (one per process). */
    private volatile Memo via;

    private record Memo(String node, AsciiString value) {
    }

    private StoredHead(AsciiString[] fields, String viaBefore, String cacheStatusBefore, String etag, boolean dated) {
        this.fields = fields;
        this.viaBefore = viaBefore;
        this.cacheStatusBefore = cacheStatusBefore;
        this.etag = etag;
        this.dated = dated;
    }

    static StoredHead of(HeaderList headers) {
        List<AsciiString> kept = new ArrayList<>(headers.fields().size() * 2);
        for (HeaderList.Field f : headers.fields()) {
            if (sentAsIs(f.name())) {
                kept.add(RecentText.ascii(f.name()));
                kept.add(RecentText.ascii(f.value()));
            }
        }
        String via = headers.list("Via");
        String cacheStatus = headers.list("Cache-Status");
        return new StoredHead(kept.toArray(AsciiString[]::new), via == null ? "" : via + ", ", cacheStatus == null ? "" : cacheStatus + ", ",
                headers.get("ETag"), headers.get("Date") != null);
    }

    /**
     * The ASCII form of names and values seen lately, shared by the heads that hold them: an upstream
     * sends the same names and mostly the same values (Content-Type, Cache-Control, this second's Date)
     * response after response, and a store of millions of objects would otherwise keep a copy of each
     * in every one of them (more to allocate per miss, and more for every collection to copy). A slot
     * holds one immutable entry, replaced by the newest text that hashes there; threads that race on a
     * slot at worst make a copy of their own.
     */
    private static final class RecentText {
        private static final int SLOTS = 512;
        private static final Entry[] RECENT = new Entry[SLOTS];

        private record Entry(String text, AsciiString ascii) {
        }

        static AsciiString ascii(String text) {
            int slot = (text.hashCode() * 0x9E3779B9) >>> 23; // the top 9 bits of the mixed hash: 0..511
            Entry e = RECENT[slot];
            if (e != null && e.text().equals(text)) {
                return e.ascii();
            }
            AsciiString ascii = AsciiString.of(text);
            RECENT[slot] = new Entry(text, ascii);
            return ascii;
        }
    }

    /** Whether a field goes to the client as received: the edge sets Content-Length itself and adds itself to Via and Cache-Status. */
    static boolean sentAsIs(String name) {
        return !name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Via") && !name.equalsIgnoreCase("Cache-Status");
    }

    /** Adds the stored fields, this node's Via and the Cache-Status (after the upstream's) to a response's headers. */
    void addTo(MultiMap out, String node, String cacheStatus) {
        for (int i = 0; i < fields.length; i += 2) {
            out.add(fields[i], fields[i + 1]);
        }
        Memo m = via;
        if (m == null || !m.node().equals(node)) {
            m = new Memo(node, AsciiString.of(viaBefore + "1.1 " + node));
            via = m;
        }
        out.add(VIA, m.value());
        out.add(CACHE_STATUS, cacheStatusBefore.isEmpty() ? cacheStatus : cacheStatusBefore + cacheStatus);
    }

    String etag() {
        return etag;
    }

    /** Whether the stored response carries its own Date. */
    boolean dated() {
        return dated;
    }
}
