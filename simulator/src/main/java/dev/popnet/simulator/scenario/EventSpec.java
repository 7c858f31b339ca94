package dev.popnet.simulator.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.popnet.core.config.Check;
import java.time.Duration;

/** Something that happens during a run: a PoP or the origin goes down at {@code at} for {@code duration}. */
public record EventSpec(Type type, String pop, Duration at, Duration duration) {
    public enum Type {
        @JsonProperty("pop-outage")
        POP_OUTAGE,
        @JsonProperty("origin-outage")
        ORIGIN_OUTAGE
    }

    public EventSpec {
        Check.present("type", type);
        Check.that(type != Type.POP_OUTAGE || pop != null, "pop", null, "a pop-outage names its pop");
        Check.nonNegative("at", Check.present("at", at));
        Check.positive("duration", duration);
    }
}
