package dev.popnet.origin;

import dev.popnet.core.config.Check;

/** A synthetic object with fixed properties, named in config (query parameters still override). */
public record CatalogEntry(long size, String cacheControl, String surrogateKey) {
    public CatalogEntry {
        Check.nonNegative("size", size);
    }
}
