package dev.popnet.simulator.engine;

import dev.popnet.core.cache.EvictionListener;
import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.core.routing.HealthView;
import dev.popnet.core.routing.LatencyModel;
import dev.popnet.core.routing.PopSite;
import dev.popnet.core.routing.Router;
import dev.popnet.core.routing.Strategy;
import dev.popnet.core.time.ManualTicker;
import dev.popnet.simulator.report.RunResult;
import dev.popnet.simulator.report.TimelineEvent;
import dev.popnet.simulator.scenario.EventSpec;
import dev.popnet.simulator.scenario.PopSpec;
import dev.popnet.simulator.scenario.RegionSpec;
import dev.popnet.simulator.scenario.Scenario;
import dev.popnet.simulator.workload.Request;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a scenario in virtual time: requests in arrival order, with outages, health detection and
 * autoscaling as scheduled events in between. Single-threaded and deterministic for a seed. Each
 * request is routed (geo DNS with resolver caching, or anycast), served by the owner edge of its PoP,
 * and on a miss filled through the parent PoP, if any, from the origin; its latency is the sum of the
 * round trips and transfer times on that path (no queueing).
 */
public final class Simulation {
    private final Scenario scenario;
    private final Path baseDir;
    private final ManualTicker clock = new ManualTicker();
    private final long epoch = clock.nanos();
    private final EventQueue events = new EventQueue();
    private final SplittableRandom random;
    private final List<PopNode> pops = new ArrayList<>();
    private final Map<String, PopNode> popsByName = new HashMap<>();
    private final List<Region> regions = new ArrayList<>();
    private final double[] cumulativeShare;
    private final Router router;
    private final LatencyModel latency;
    private final Timeline timeline = new Timeline();
    private final SeriesRecorder series;
    /** Where warm-up requests are counted: nowhere that is reported. */
    private final PopMetrics discard = new PopMetrics();
    private final Backend backend;
    /** A live run's requests still out at the real servers. */
    private final InFlight live;
    private boolean originUp = true;
    private long now;

    private Simulation(Scenario scenario, Path baseDir, Backend backend) {
        this.scenario = scenario;
        this.baseDir = baseDir;
        this.backend = backend;
        this.live = backend == null ? null : new InFlight();
        this.random = new SplittableRandom(scenario.seed());
        this.latency = scenario.network().latencyModel();
        for (PopSpec spec : scenario.pops()) {
            PopNode node = new PopNode(spec, pops.size(), clock);
            pops.add(node);
            popsByName.put(spec.name(), node);
        }
        pops.forEach(p -> p.parent = p.spec.parent() == null ? null : popsByName.get(p.spec.parent()));
        List<PopSite> sites = pops.stream().map(p -> p.site).toList();
        AnycastGraph graph = scenario.routing().strategy() == Strategy.ANYCAST ? new AnycastGraph(scenario.routing().anycastLinks()) : null;
        this.router = new Router(sites, scenario.routing().strategy(), latency, scenario.routing().latencyMatrix(), graph);
        double total = scenario.regions().stream().mapToDouble(RegionSpec::share).sum();
        cumulativeShare = new double[scenario.regions().size()];
        double acc = 0;
        for (RegionSpec r : scenario.regions()) {
            acc += r.share() / total;
            cumulativeShare[regions.size()] = acc;
            regions.add(new Region(r, regions.size(), pops, router));
        }
        this.series = new SeriesRecorder(pops, scenario.buckets());
    }

    public static RunResult run(Scenario scenario, Path baseDir, ProgressListener progress) {
        return new Simulation(scenario, baseDir, null).execute(progress);
    }

    /**
     * The same run against real servers: see {@link Backend}. PoP and origin outages are played on the
     * real servers; autoscaling is not, and the timeline says so when the scenario has it.
     */
    public static RunResult runLive(Scenario scenario, Path baseDir, ProgressListener progress, Backend backend) {
        if (scenario.capacityMode() != dev.popnet.core.cache.CapacityMode.BYTES) {
            throw new IllegalArgumentException("a live run needs capacity-mode: bytes (edges count bytes)");
        }
        Simulation live = new Simulation(scenario, baseDir, backend);
        if (scenario.autoscale().enabled()) {
            live.timeline.add(0, "live run: autoscaling is not replayed (the PoPs keep their edges)");
        }
        return live.execute(progress);
    }

    private RunResult execute(ProgressListener progress) {
        long started = System.nanoTime();
        scheduleEvents();
        PopMetrics[] measured = pops.stream().map(p -> p.metrics).toArray(PopMetrics[]::new);
        long count = 0;
        long endNanos = scenario.duration() == null ? Long.MAX_VALUE : scenario.duration().toNanos();
        try (RequestSource source = RequestSource.open(scenario.workload(), scenario.seed(), requestLimit(), baseDir)) {
            long total = source.total();
            long warmup = (long) (total * scenario.warmupFraction());
            series.start(total);
            Iterator<Request> it = source.iterator();
            while (count < total && it.hasNext()) {
                Request r = it.next();
                if (r.timeNanos() > endNanos) {
                    break;
                }
                if (backend != null) {
                    backend.awaitArrival(r.timeNanos());
                    live.drain();
                }
                events.runUntil(r.timeNanos(), this::advanceTo);
                advanceTo(r.timeNanos());
                serve(r, count >= warmup);
                series.record(count, now);
                if ((++count & 0xFFFF) == 0) {
                    progress.progress(count, total);
                }
            }
            progress.progress(count, total);
            if (backend != null) {
                live.awaitAll();
            }
        }
        pops.forEach(PopNode::checkInvariants);
        double wall = (System.nanoTime() - started) / 1e9;
        return Results.of(backend == null ? "simulation" : backend.name(), scenario, pops, measured, count, now / 1e9, wall, series.points(), timeline.events());
    }

    /** Requests to draw: the count asked for, or for a duration-only synthetic run, what the rate can produce in it. */
    private long requestLimit() {
        if (scenario.requests() > 0 || scenario.duration() == null || scenario.workload().trace() != null) {
            return scenario.requests();
        }
        double peak = scenario.workload().shape().maxFactor() * scenario.workload().flashCrowds().stream()
                .mapToDouble(dev.popnet.simulator.workload.FlashCrowd::multiplier).max().orElse(1);
        return (long) Math.ceil(scenario.workload().rate() * peak * scenario.duration().toNanos() / 1e9) + 1;
    }

    private void advanceTo(long t) {
        if (t > now) {
            now = t;
            clock.setNanos(epoch + t);
        }
    }

    private void serve(Request r, boolean measure) {
        Region region = pickRegion();
        PopNode pop = region.route(this, random);
        PopMetrics m = measure ? pop.metrics : discard;
        pop.windowRequests++;
        series.count(pop.index);
        if (backend != null) {
            serveLive(r, region, pop, m);
            return;
        }
        if (!pop.up) {
            m.requests++;
            m.errors++;
            return; // a resolver still points at a dead PoP: the client's connection fails
        }
        long weight = scenario.capacityMode().weight(r.size());
        double ms = region.rttMs[pop.index] + transferMs(r.size(), scenario.network().clientMbps());
        boolean hit = pop.owner(r.objectId()).cache.access(r.objectId(), weight, EvictionListener.NONE);
        if (!hit) {
            double fill = fill(pop, r, weight, m);
            if (fill < 0) {
                pop.owner(r.objectId()).cache.remove(r.objectId());
                m.requests++;
                m.errors++;
                return;
            }
            ms += fill;
        }
        count(m, r, hit, pop.index == region.nearestUp(this), ms);
    }

    private void count(PopMetrics m, Request r, boolean hit, boolean nearest, double ms) {
        m.requests++;
        m.bytes += r.size();
        if (hit) {
            m.hits++;
            m.hitBytes += r.size();
        }
        series.hit(hit, r.size());
        if (nearest) {
            m.nearest++;
        }
        m.latencyMicros.recordValue(Math.max(1, Math.min(3_600_000_000L, Math.round(ms * 1000))));
    }

    /** Hands the request to the real servers; its outcome is counted when it comes back. */
    private void serveLive(Request r, Region region, PopNode pop, PopMetrics m) {
        boolean nearest = pop.index == region.nearestUp(this);
        live.start(backend.fetch(pop.spec.name(), pop.owner(r.objectId()).name, r, region.rttMs[pop.index],
                transferMs(r.size(), scenario.network().clientMbps())), outcome -> {
            switch (outcome.served()) {
                case FAILED -> {
                    m.requests++;
                    m.errors++;
                    return;
                }
                case PARENT_HIT -> m.parentHits++;
                case ORIGIN -> {
                    m.originFetches++;
                    m.originBytes += r.size();
                }
                case HIT -> { }
            }
            count(m, r, outcome.served() == Backend.Served.HIT, nearest, outcome.latencyMs());
        });
    }

    /** Latency of filling a miss at {@code pop}: through its parent if it has a live one, else from the origin; -1 on failure. */
    private double fill(PopNode pop, Request r, long weight, PopMetrics m) {
        PopNode parent = pop.parent;
        if (parent != null && parent.up) {
            double ms = latency.rttMs(pop.site.location(), parent.site.location()) + transferMs(r.size(), scenario.network().backboneMbps());
            boolean parentHit = parent.owner(r.objectId()).cache.access(r.objectId(), weight, EvictionListener.NONE);
            if (parentHit) {
                m.parentHits++;
                return ms;
            }
            double origin = fromOrigin(parent, r, m);
            if (origin < 0) {
                parent.owner(r.objectId()).cache.remove(r.objectId());
                return -1;
            }
            return ms + origin;
        }
        return fromOrigin(pop, r, m);
    }

    private double fromOrigin(PopNode from, Request r, PopMetrics m) {
        if (!originUp) {
            return -1;
        }
        m.originFetches++;
        m.originBytes += r.size();
        return latency.rttMs(from.site.location(), scenario.origin().location())
                + scenario.origin().processing().toNanos() / 1e6 + transferMs(r.size(), scenario.network().backboneMbps());
    }

    private static double transferMs(long bytes, double mbps) {
        return bytes * 8 / (mbps * 1000.0);
    }

    private Region pickRegion() {
        double u = random.nextDouble();
        for (int i = 0; i < cumulativeShare.length - 1; i++) {
            if (u < cumulativeShare[i]) {
                return regions.get(i);
            }
        }
        return regions.get(regions.size() - 1);
    }

    long now() {
        return now;
    }

    /** What health checks believe; DNS answers and anycast announcements follow it. */
    HealthView seenHealth() {
        return name -> popsByName.get(name).seenHealthy;
    }

    List<PopNode> pops() {
        return pops;
    }

    Scenario scenario() {
        return scenario;
    }

    private void scheduleEvents() {
        long detect = scenario.routing().healthDetect().toNanos();
        for (EventSpec e : scenario.events()) {
            long start = e.at().toNanos();
            long end = start + e.duration().toNanos();
            if (e.type() == EventSpec.Type.ORIGIN_OUTAGE) {
                events.schedule(start, () -> setOrigin(false));
                events.schedule(end, () -> setOrigin(true));
                continue;
            }
            PopNode pop = popsByName.get(e.pop());
            events.schedule(start, () -> setUp(pop, false));
            events.schedule(start + detect, () -> setSeen(pop, false));
            events.schedule(end, () -> setUp(pop, true));
            events.schedule(end + detect, () -> setSeen(pop, true));
        }
        if (scenario.autoscale().enabled() && backend == null) {
            new Autoscaler(this, events, timeline).start();
        }
    }

    private void setOrigin(boolean up) {
        originUp = up;
        if (backend != null) {
            backend.setOriginUp(up);
        }
        timeline.add(now, up ? "origin back up" : "origin down");
    }

    private void setUp(PopNode pop, boolean up) {
        pop.up = up;
        if (backend != null) {
            backend.setPopUp(pop.spec.name(), up);
        }
        if (!up) {
            pop.wipe();
        }
        regions.forEach(Region::healthChanged);
        timeline.add(now, "PoP " + pop.spec.name() + (up ? " back up (cold caches)" : " down"));
    }

    private void setSeen(PopNode pop, boolean healthy) {
        pop.seenHealthy = healthy;
        regions.forEach(Region::healthChanged);
        timeline.add(now, "health checks mark " + pop.spec.name() + (healthy ? " healthy" : " unhealthy"));
    }

    /** The PoP a resolver gets for a client: the shared router, or in a live run the real DNS router. */
    PopNode answer(Region region, dev.popnet.core.routing.GeoPoint asking, long tieKey) {
        String name = backend != null ? backend.resolve(region.index, asking)
                : router.rank(region.spec.name(), asking, seenHealth(), tieKey).get(0).pop().name();
        return popsByName.get(name);
    }
}
