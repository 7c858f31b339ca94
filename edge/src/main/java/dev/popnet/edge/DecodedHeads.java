package dev.popnet.edge;

import io.vertx.core.buffer.Buffer;

/**
 * The {@link StoredHead}s of objects hit lately, decoded from their bytes: a hot object is served again
 * and again, and should not decode its fields on every hit; a stored object that is not being hit keeps
 * no decoded copy on the heap. A slot holds one immutable entry, the head of the newest object hit that
 * hashes there, known by the identity of its bytes (a soft-purged copy shares them, and so its head);
 * threads that race on a slot at worst decode again.
 */
final class DecodedHeads {
    private static final int SLOTS = 1024;
    private static final Entry[] RECENT = new Entry[SLOTS];

    private record Entry(Buffer bytes, StoredHead head) {
    }

    private DecodedHeads() {
    }

    static StoredHead of(Buffer bytes, int headLength) {
        int slot = (System.identityHashCode(bytes) * 0x9E3779B9) >>> 22; // the top 10 bits of the mixed hash: 0..1023
        Entry e = RECENT[slot];
        if (e != null && e.bytes() == bytes) {
            return e.head();
        }
        StoredHead head = StoredHead.of(HeadBytes.decode(bytes, headLength));
        RECENT[slot] = new Entry(bytes, head);
        return head;
    }
}
