package dev.popnet.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9110 §5.3 and §5.6: combined lines, list members, quoted strings, whole tokens. */
class FieldValuesTest {
    @Test
    void splitsOutsideQuotes() {
        assertEquals(List.of("a", "b=\"x, y\"", "c"), FieldValues.elements(" a ,, b=\"x, y\",c, "));
        assertEquals(List.of("x=\"a\\\"b, c\"", "d"), FieldValues.elements("x=\"a\\\"b, c\", d"));
        assertEquals(List.of(), FieldValues.elements(null));
    }

    @Test
    void matchesWholeTokensOnly() {
        assertTrue(FieldValues.hasToken("keep-alive, Close", "close"));
        assertFalse(FieldValues.hasToken("keep-alive", "live"));
        assertFalse(FieldValues.hasToken("keep-alive", "e"));
    }

    @Test
    void unquotes() {
        assertEquals("a\"b", FieldValues.unquote("\"a\\\"b\""));
        assertEquals("plain", FieldValues.unquote("plain"));
    }

    @Test
    void linesOfAMultiValuedSourceAreCombined() {
        Headers h = Headers.ofLines(n -> n.equals("Cache-Control") ? "max-age=60" : null,
                n -> n.equals("Cache-Control") ? List.of("max-age=60", "private") : List.of());
        assertEquals("max-age=60", h.get("Cache-Control"));
        assertEquals("max-age=60, private", h.list("Cache-Control"));
        assertEquals(null, h.list("Vary"));
    }
}
