package dev.popnet.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.popnet.core.http.HttpDates;
import org.junit.jupiter.api.Test;

class FormattedDateTest {
    @Test
    void eachSecondIsFormattedOnceAndAsTheFormatterDoes() {
        FormattedDate date = new FormattedDate();
        long t = 1_700_000_000_123L;
        String first = date.format(t);
        assertEquals(HttpDates.format(t), first);
        assertSame(first, date.format(t + 876), "the same second: the same text");
        assertEquals(HttpDates.format(t + 877), date.format(t + 877), "the next second");
        assertEquals(HttpDates.format(t), date.format(t), "and back");
        assertEquals(HttpDates.format(-1), date.format(-1), "before 1970 too");
    }
}
