package dev.popnet.edge.store;

import java.util.List;

/** What the store tiers need to know of one stored response (one variant of one primary key). */
public interface Storable {
    String primaryKey();

    /** The request header values that selected this variant. */
    String varyKey();

    /** The response's Vary ("" for none): the request headers that pick among the key's variants. */
    String vary();

    /** Bytes the object costs, for the byte bound; the same for the object's whole life. */
    long weight();

    /** Its surrogate keys (tags), for purge by surrogate key. */
    List<String> surrogateKeys();
}
