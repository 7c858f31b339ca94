package dev.popnet.core.cache.admission;

import dev.popnet.core.cache.PolicySpec;
import dev.popnet.core.config.ByteSizes;
import java.util.Locale;
import java.util.Map;

/** Admission filters by spec: {@code size(max=1MiB)}, {@code adaptsize(c=64KiB)}, {@code second-hit(keys=1000000)}, {@code tinylfu(keys=1000000)}. */
public final class AdmissionFilters {
    private AdmissionFilters() {
    }

    public static AdmissionFilter create(String spec) {
        PolicySpec s = PolicySpec.parse(spec);
        Map<String, String> p = s.params();
        AdmissionFilter filter = switch (s.name().toLowerCase(Locale.ROOT)) {
            case "size" -> new SizeAdmission(ByteSizes.parse(required(s, p, "max")));
            case "adaptsize" -> new ProbabilisticSizeAdmission(ByteSizes.parse(required(s, p, "c")), Long.parseLong(p.getOrDefault("seed", "0")));
            case "second-hit", "bloom-filter" -> new SecondHitAdmission(Long.parseLong(p.getOrDefault("keys", "1000000")));
            case "tinylfu" -> new TinyLfuAdmission(Long.parseLong(p.getOrDefault("keys", "1000000")));
            default -> throw new IllegalArgumentException("unknown admission filter '" + spec + "' (known: size, adaptsize, second-hit, tinylfu)");
        };
        return filter;
    }

    private static String required(PolicySpec s, Map<String, String> p, String key) {
        String v = p.get(key);
        if (v == null) {
            throw new IllegalArgumentException("admission " + s.name() + " needs " + key + "=..., e.g. " + s.name() + "(" + key + "=1MiB)");
        }
        return v;
    }
}
