package dev.popnet.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeTest {

    @ParameterizedTest(name = "{0}: Range ''{1}'' of {2} bytes -> {3} {4}-{5}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            # RFC 9110 section    | header           | length | kind          | first | last
            §14.1.2 first-last     | bytes=0-99       | 1000   | PARTIAL       | 0     | 99
            §14.1.2 open end       | bytes=900-       | 1000   | PARTIAL       | 900   | 999
            §14.1.2 last clipped   | bytes=900-5000   | 1000   | PARTIAL       | 900   | 999
            §14.1.3 suffix         | bytes=-100       | 1000   | PARTIAL       | 900   | 999
            §14.1.3 suffix > len   | bytes=-5000      | 1000   | PARTIAL       | 0     | 999
            §14.1.1 case-insens.   | BYTES=1-1        | 10     | PARTIAL       | 1     | 1
            §14.1.1 first >= len   | bytes=1000-      | 1000   | UNSATISFIABLE | 0     | -1
            §14.1.3 zero suffix    | bytes=-0         | 1000   | UNSATISFIABLE | 0     | -1
            §14.2 no header        | null             | 1000   | FULL          | 0     | 999
            §14.2 unknown unit     | items=0-1        | 1000   | FULL          | 0     | 999
            §14.2 invalid ignored  | bytes=5-2        | 1000   | FULL          | 0     | 999
            §14.2 garbage ignored  | bytes=a-b        | 1000   | FULL          | 0     | 999
            §14.2 multi as full    | bytes=0-1,5-6    | 1000   | FULL          | 0     | 999
            """)
    void parses(String section, String header, long length, ByteRange.Kind kind, long first, long last) {
        ByteRange r = ByteRange.parse(header, length);
        assertEquals(kind, r.kind(), section);
        if (kind != ByteRange.Kind.UNSATISFIABLE) {
            assertEquals(first, r.first(), section);
            assertEquals(last, r.last(), section);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            bytes=0-99   | bytes 0-99/1000
            bytes=2000-  | bytes */1000
            """)
    void contentRangePerSection14_4(String header, String expected) {
        assertEquals(expected, ByteRange.parse(header, 1000).contentRange());
    }
}
