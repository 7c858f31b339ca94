package dev.popnet.edge.store;

import java.nio.file.Path;

/** A stored body left in its disk-tier file: {@code length} bytes from {@code offset}, sent from the file rather than read into memory. */
public record FileBody(Path file, long offset, long length) {
}
