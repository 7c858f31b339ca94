package dev.popnet.simulator.sweep;

import dev.popnet.core.config.ByteSizes;
import dev.popnet.core.config.Durations;
import dev.popnet.core.routing.Strategy;
import dev.popnet.simulator.scenario.EventSpec;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.RoutingSpec;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.ContentClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One dimension of a sweep grid and what each of its values changes in the scenario: {@code policy},
 * {@code capacity} (per edge), {@code alpha}, {@code ttl.<class>} (the class's max-age), {@code pops} (the
 * first N PoPs of the scenario), {@code edges} (per PoP), {@code routing} (strategy) and {@code ecs}.
 */
public final class SweepAxis {
    static final String NAMES = "policy, capacity, alpha, ttl.<class>, pops, edges, routing, ecs";

    private enum Kind { POLICY, CAPACITY, ALPHA, TTL, POPS, EDGES, ROUTING, ECS }

    private final String name;
    private final Kind kind;

    private SweepAxis(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    public static SweepAxis named(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.startsWith("ttl.") && n.length() > 4) {
            return new SweepAxis("ttl." + name.trim().substring(4), Kind.TTL);
        }
        for (Kind k : Kind.values()) {
            if (k != Kind.TTL && k.name().toLowerCase(Locale.ROOT).equals(n)) {
                return new SweepAxis(n, k);
            }
        }
        throw new IllegalArgumentException("unknown sweep axis '" + name + "' (use " + NAMES + ")");
    }

    public String name() {
        return name;
    }

    /** Policy, capacity and alpha are the report's first columns whether swept or not; the others show only when swept. */
    boolean alwaysReported() {
        return kind == Kind.POLICY || kind == Kind.CAPACITY || kind == Kind.ALPHA;
    }

    /** Inner axes vary fastest: capacity innermost, then policy, then alpha, then the others in the order given. */
    int nesting() {
        return switch (kind) {
            case CAPACITY -> 3;
            case POLICY -> 2;
            case ALPHA -> 1;
            default -> 0;
        };
    }

    /** The scenario with this axis at {@code value}; a bad value is an {@link IllegalArgumentException} naming axis and value. */
    Scenario apply(Scenario s, String value) {
        String v = value.trim();
        try {
            return switch (kind) {
                case POLICY -> s.withCaches(v, null);
                case CAPACITY -> s.withCaches(null, ByteSizes.parse(v));
                case ALPHA -> s.withWorkload(s.workload().withAlpha(Double.parseDouble(v)));
                case TTL -> withTtl(s, name.substring(4), Durations.parse(v).toSeconds());
                case POPS -> firstPops(s, Integer.parseInt(v));
                case EDGES -> s.withEdges(Integer.parseInt(v));
                case ROUTING -> withRouting(s, strategy(v), s.routing().ecs());
                case ECS -> withRouting(s, s.routing().strategy(), onOff(v));
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--sweep " + name + "=" + v + ": " + e.getMessage(), e);
        }
    }

    private static Scenario withTtl(Scenario s, String className, long seconds) {
        if (s.workload().trace() != null) {
            throw new IllegalArgumentException("a trace's requests carry their own TTLs; ttl axes apply to synthetic workloads");
        }
        List<ContentClass> classes = new ArrayList<>();
        boolean found = false;
        for (ContentClass c : s.workload().classes()) {
            if (c.name().equals(className)) {
                found = true;
                c = new ContentClass(c.name(), c.share(), c.objects(), c.alpha(), c.sizes(), withMaxAge(c.cacheControl(), seconds),
                        c.surrogateKey(), c.changeInterval());
            }
            classes.add(c);
        }
        if (!found) {
            throw new IllegalArgumentException("no content class '" + className + "' (the scenario has "
                    + s.workload().classes().stream().map(ContentClass::name).collect(Collectors.joining(", ")) + ")");
        }
        return s.withWorkload(s.workload().withClasses(classes));
    }

    /** {@code cacheControl} with its max-age and s-maxage replaced by one max-age: what the edge's freshness follows. */
    static String withMaxAge(String cacheControl, long seconds) {
        List<String> kept = new ArrayList<>();
        for (String d : cacheControl.split(",")) {
            String directive = d.trim();
            String key = directive.contains("=") ? directive.substring(0, directive.indexOf('=')).trim() : directive;
            key = key.toLowerCase(Locale.ROOT);
            if (key.equals("no-store") || key.equals("private")) {
                throw new IllegalArgumentException("the class is sent '" + cacheControl + "', so it is never stored and has no TTL");
            }
            if (!directive.isEmpty() && !key.equals("max-age") && !key.equals("s-maxage")) {
                kept.add(directive);
            }
        }
        kept.add("max-age=" + seconds);
        return String.join(", ", kept);
    }

    /** The first {@code n} PoPs of the scenario, with the events that name the others left out. */
    private static Scenario firstPops(Scenario s, int n) {
        if (n < 1 || n > s.pops().size()) {
            throw new IllegalArgumentException("must be 1 to " + s.pops().size() + " (the PoPs of the scenario)");
        }
        List<PopSpec> kept = s.pops().subList(0, n);
        Set<String> names = kept.stream().map(PopSpec::name).collect(Collectors.toSet());
        for (PopSpec p : kept) {
            if (p.parent() != null && !names.contains(p.parent())) {
                throw new IllegalArgumentException("PoP " + p.name() + " fills from " + p.parent() + ", which is not among the first " + n
                        + " (list shields before the PoPs behind them)");
            }
        }
        List<EventSpec> events = s.events().stream().filter(e -> e.pop() == null || names.contains(e.pop())).toList();
        return new Scenario(s.name(), s.seed(), s.requests(), s.duration(), s.warmupFraction(), s.capacityMode(), s.routing(), s.network(),
                s.origin(), kept, s.regions(), s.workload(), events, s.autoscale(), s.buckets(), s.edge());
    }

    private static Scenario withRouting(Scenario s, Strategy strategy, boolean ecs) {
        RoutingSpec r = s.routing();
        RoutingSpec changed = new RoutingSpec(strategy, ecs, r.dnsTtl(), r.healthDetect(), r.latencyMatrix(), r.anycastLinks());
        return new Scenario(s.name(), s.seed(), s.requests(), s.duration(), s.warmupFraction(), s.capacityMode(), changed, s.network(),
                s.origin(), s.pops(), s.regions(), s.workload(), s.events(), s.autoscale(), s.buckets(), s.edge());
    }

    private static Strategy strategy(String v) {
        String n = v.toUpperCase(Locale.ROOT).replace('-', '_');
        for (Strategy st : Strategy.values()) {
            if (st.name().equals(n)) {
                return st;
            }
        }
        throw new IllegalArgumentException("routing is nearest, lowest-latency or anycast");
    }

    private static boolean onOff(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("ecs is on or off");
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
