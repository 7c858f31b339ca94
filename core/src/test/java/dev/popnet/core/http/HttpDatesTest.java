package dev.popnet.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9110 §5.6.7: the three formats recipients accept, exactly; anything else is not a date. */
class HttpDatesTest {
    static final long NOV_6_1994 = 784111777000L;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            IMF-fixdate                    | Sun, 06 Nov 1994 08:49:37 GMT  | 784111777000
            IMF-fixdate in other case      | SUN, 06 NOV 1994 08:49:37 gmt  | 784111777000
            RFC 850                        | Sunday, 06-Nov-94 08:49:37 GMT | 784111777000
            asctime                        | Sun Nov  6 08:49:37 1994       | 784111777000
            RFC 850 two-digit year 50      | Thursday, 18-Aug-50 02:01:18 GMT | 2544400878000
            UTC is not GMT                 | Sun, 06 Nov 1994 08:49:37 UTC  | -1
            two-digit year in IMF form     | Sun, 06 Nov 94 08:49:37 GMT    | -1
            no comma                       | Sun 06 Nov 1994 08:49:37 GMT   | -1
            double spaces                  | Sun, 06  Nov  1994 08:49:37 GMT | -1
            dashes in IMF form             | Sun, 06-Nov-1994 08:49:37 GMT  | -1
            periods in the time            | Sun, 06 Nov 1994 08.49.37 GMT  | -1
            one-digit hour                 | Sun, 06 Nov 1994 8:49:37 GMT   | -1
            no such day                    | Sun, 31 Feb 1994 08:49:37 GMT  | -1
            zero                           | 0                              | -1
            """)
    void parses(String row, String value, long expected) {
        assertEquals(expected, HttpDates.parse(value), row);
    }
}
