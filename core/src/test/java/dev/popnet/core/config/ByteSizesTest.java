package dev.popnet.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Decimal and binary prefixes, each as its spelling says. */
class ByteSizesTest {
    @ParameterizedTest
    @CsvSource({"4096, 4096", "203MB, 203000000", "203MiB, 212860928", "203m, 212860928", "2GB, 2000000000", "2GiB, 2147483648",
            "64KiB, 65536", "64kB, 64000", "1.5MiB, 1572864", "1TB, 1000000000000", "7b, 7"})
    void parses(String text, long bytes) {
        assertEquals(bytes, ByteSizes.parse(text));
    }

    @Test
    void tellsDecimalFromBinaryAsLibCacheSimReadsThem() {
        assertTrue(ByteSizes.isDecimal("203MB"));
        assertFalse(ByteSizes.isDecimal("203MiB"));
        assertFalse(ByteSizes.isDecimal("4096"));
        assertEquals(212_860_928L, ByteSizes.parseBinary("203MB"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("12 parsecs")).getMessage().contains("powers of 1000"));
    }
}
