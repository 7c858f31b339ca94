package dev.popnet.simulator.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.popnet.core.cache.decision.Purge;
import dev.popnet.core.config.Check;
import java.time.Duration;

/**
 * Something that happens during a run: a PoP or the origin goes down at {@code at} for
 * {@code duration}, or a purge removes from every edge's cache one URL, every URL under a prefix, or
 * everything tagged with a surrogate key (object URLs are {@code /<class>/<n>}, n from 1).
 */
public record EventSpec(Type type, String pop, Duration at, Duration duration, String url, String prefix, String surrogateKey) {
    public enum Type {
        @JsonProperty("pop-outage")
        POP_OUTAGE,
        @JsonProperty("origin-outage")
        ORIGIN_OUTAGE,
        @JsonProperty("purge")
        PURGE
    }

    public EventSpec {
        Check.present("type", type);
        Check.that(type != Type.POP_OUTAGE || pop != null, "pop", null, "a pop-outage names its pop");
        Check.nonNegative("at", Check.present("at", at));
        if (type == Type.PURGE) {
            int given = (url == null ? 0 : 1) + (prefix == null ? 0 : 1) + (surrogateKey == null ? 0 : 1);
            Check.that(given == 1, "url", url, "a purge names exactly one of url, prefix, surrogate-key");
        } else {
            Check.positive("duration", duration);
        }
    }

    public EventSpec(Type type, String pop, Duration at, Duration duration) {
        this(type, pop, at, duration, null, null, null);
    }

    /** What a purge event removes. */
    public Purge purge() {
        return url != null ? new Purge(Purge.Kind.URL, url)
                : prefix != null ? new Purge(Purge.Kind.PREFIX, prefix) : new Purge(Purge.Kind.SURROGATE_KEY, surrogateKey);
    }
}
