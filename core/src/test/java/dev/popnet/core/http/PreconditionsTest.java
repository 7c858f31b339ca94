package dev.popnet.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreconditionsTest {
    private static final String ETAG = "\"v1\"";
    private static final String LM = "Sun, 01 Nov 2026 10:00:00 GMT";
    private static final long LM_MILLIS = HttpDates.parse(LM);

    private static Headers headers(String name, String value) {
        Map<String, String> m = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (name != null) {
            for (int i = 0; i < name.split(";").length; i++) {
                m.put(name.split(";")[i], value.split(";")[i]);
            }
        }
        return m::get;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            §13.1.2 INM match -> 304                 | If-None-Match                      | "v1"                                   | true  | NOT_MODIFIED
            §13.1.2 INM weak compare -> 304          | If-None-Match                      | W/"v1"                                 | true  | NOT_MODIFIED
            §13.1.2 INM list -> 304                  | If-None-Match                      | "x", "v1"                              | true  | NOT_MODIFIED
            §13.1.2 INM star -> 304                  | If-None-Match                      | *                                      | true  | NOT_MODIFIED
            §13.1.2 INM no match -> 200              | If-None-Match                      | "v0"                                   | true  | PROCEED
            §13.1.2 INM on unsafe -> 412             | If-None-Match                      | "v1"                                   | false | PRECONDITION_FAILED
            §13.1.3 IMS equal -> 304                 | If-Modified-Since                  | Sun, 01 Nov 2026 10:00:00 GMT          | true  | NOT_MODIFIED
            §13.1.3 IMS later -> 304                 | If-Modified-Since                  | Mon, 02 Nov 2026 10:00:00 GMT          | true  | NOT_MODIFIED
            §13.1.3 IMS earlier -> 200               | If-Modified-Since                  | Sat, 31 Oct 2026 10:00:00 GMT          | true  | PROCEED
            §13.1.3 IMS invalid date ignored         | If-Modified-Since                  | yesterday                              | true  | PROCEED
            §13.2.2 INM wins over IMS                | If-None-Match;If-Modified-Since    | "v0";Mon, 02 Nov 2026 10:00:00 GMT     | true  | PROCEED
            §13.1.1 If-Match match                   | If-Match                           | "v1"                                   | true  | PROCEED
            §13.1.1 If-Match mismatch -> 412         | If-Match                           | "v0"                                   | true  | PRECONDITION_FAILED
            §13.1.1 If-Match is strong               | If-Match                           | W/"v1"                                 | true  | PRECONDITION_FAILED
            §13.1.4 IUS earlier -> 412               | If-Unmodified-Since                | Sat, 31 Oct 2026 10:00:00 GMT          | true  | PRECONDITION_FAILED
            §13.1.4 IUS later -> proceed             | If-Unmodified-Since                | Mon, 02 Nov 2026 10:00:00 GMT          | true  | PROCEED
            §13.2.2 no conditionals                  | null                               | null                                   | true  | PROCEED
            """)
    void evaluates(String row, String names, String values, boolean safe, Preconditions.Outcome expected) {
        assertEquals(expected, Preconditions.evaluate(headers(names, values), ETAG, LM_MILLIS, safe), row);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            §13.1.5 same strong etag      | "v1"                           | true
            §13.1.5 other etag            | "v0"                           | false
            §13.1.5 weak etag never       | W/"v1"                         | false
            §13.1.5 exact date            | Sun, 01 Nov 2026 10:00:00 GMT  | true
            §13.1.5 other date            | Mon, 02 Nov 2026 10:00:00 GMT  | false
            """)
    void ifRange(String row, String value, boolean applies) {
        assertEquals(applies, Preconditions.rangeApplies(headers("If-Range", value), ETAG, LM_MILLIS), row);
    }
}
