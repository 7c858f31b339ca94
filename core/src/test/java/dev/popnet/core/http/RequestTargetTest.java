package dev.popnet.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3986 §6.2.2 normalisation of request targets: the form the origin is sent and the key is built from. */
class RequestTargetTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            §6.2.2.1 escapes in upper case        | /a%2fb%3f            | /a%2Fb%3F
            §6.2.2.2 unreserved decoded           | /%61pi/%7Euser%2D1   | /api/~user-1
            §6.2.2.3 dot segments                 | /a/b/../../c/./d     | /c/d
            §6.2.2.3 encoded dot segments         | /a/%2E%2E/b          | /b
            §5.2.4 above the root                 | /../../etc/passwd    | /etc/passwd
            query order and duplicates kept       | /p?b=2&a=1&b=2       | /p?b=2&a=1&b=2
            query escapes normalised              | /p?q=%7e%2f          | /p?q=~%2F
            query keeps ? and /                   | /p?x=/a?b            | /p?x=/a?b
            characters not allowed raw escaped    | /a^b{c}\\d         | /a%5Eb%7Bc%7D%5Cd
            empty query kept                      | /p?                  | /p?
            """)
    void normalises(String row, String raw, String expected) {
        assertEquals(expected, RequestTarget.parse(raw).value(), row);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "http://evil.test/x", "/a%zz", "/a%2", "/a b", "/a#frag", "/a\u0001", "/\u0100"})
    void rejects(String raw) {
        assertThrows(RequestTarget.Invalid.class, () -> RequestTarget.parse(raw));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /p?utm=1&a=1            | /p?a=1
            /p?a=1;utm=1;b=2        | /p?a=1;b=2
            /p?utm=1                | /p
            /p?a=1&utm&b            | /p?a=1&b
            /p?utm=1&a=1;b          | /p?a=1;b
            /p?a=1&&b=2&utm=3       | /p?a=1&&b=2
            """)
    void dropsIgnoredParametersAtEitherSeparator(String raw, String expected) {
        assertEquals(expected, RequestTarget.parse(raw).without(Set.of("utm"), false).value());
    }

    @org.junit.jupiter.api.Test
    void dropsTheWholeQuery() {
        assertEquals("/p", RequestTarget.parse("/p?a=1").without(Set.of(), true).value());
    }
}
