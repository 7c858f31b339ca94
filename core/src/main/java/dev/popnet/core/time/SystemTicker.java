package dev.popnet.core.time;

import java.time.Instant;

/** Wall-clock time, the only place outside tests where popnet reads the system clock. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long nanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
