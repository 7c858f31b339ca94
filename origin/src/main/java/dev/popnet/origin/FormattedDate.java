package dev.popnet.origin;

import dev.popnet.core.http.HttpDates;

/**
 * An HTTP date formatted once per second it names: a response's Date (the same second for thousands of
 * responses under load) and a synthetic object's Last-Modified (the same for every request of a version)
 * need no formatter run each. Safe from every event loop: the last value is one immutable pair.
 */
final class FormattedDate {
    private record Last(long second, String text) {
    }

    private volatile Last last = new Last(Long.MIN_VALUE, null);

    String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Last l = last;
        if (l.second() != second) {
            l = new Last(second, HttpDates.format(second * 1000));
            last = l;
        }
        return l.text();
    }
}
