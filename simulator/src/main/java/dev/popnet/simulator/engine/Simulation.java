package dev.popnet.simulator.engine;

import dev.popnet.core.routing.AnycastGraph;
import dev.popnet.core.routing.HealthView;
import dev.popnet.core.routing.LatencyModel;
import dev.popnet.core.routing.PopSite;
import dev.popnet.core.routing.Router;
import dev.popnet.core.routing.Strategy;
import dev.popnet.core.time.Ticker;
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
 * Runs a scenario in virtual time: requests in arrival order, each routed (geo DNS with resolver
 * caching, or anycast) to the owner edge of its PoP, where it lives its life as {@link Lifecycle}
 * plays it (queues, the edge's decision machine, fills through the parent PoP or from the origin);
 * outages, purges, health detection and autoscaling are events in between. Single-threaded and
 * deterministic for a seed.
 */
public final class Simulation {
    private final Scenario scenario;
    private final Path baseDir;
    /** Virtual time 0 as epoch nanoseconds (2026-01-01), so HTTP dates and ages look real. */
    static final long EPOCH_NANOS = 1_767_225_600_000_000_000L;
    /** Virtual time as policies read it: the run's own field, so moving time on writes no volatile clock. */
    private final Ticker clock = () -> EPOCH_NANOS + this.now;
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
    private final Content content;
    private final Metrics metrics;
    private final Lifecycle life;
    private final Backend backend;
    /** A live run's requests still out at the real servers. */
    private final InFlight live;
    private final java.util.function.LongConsumer advance = this::advanceTo;
    private boolean originUp = true;
    private long now;
    /** The autoscaler's decisions so far; a live run replays those of a simulated run of the same scenario. */
    private final List<ScaleStep> scaleSteps = new ArrayList<>();

    private Simulation(Scenario scenario, Path baseDir, Backend backend) {
        this.scenario = scenario;
        this.baseDir = baseDir;
        this.backend = backend;
        this.live = backend == null ? null : new InFlight();
        this.random = new SplittableRandom(scenario.seed());
        this.latency = scenario.network().latencyModel();
        StoredTable.Heads heads = new StoredTable.Heads();
        for (PopSpec spec : scenario.pops()) {
            PopNode node = new PopNode(spec, pops.size(), clock, scenario.edge(), scenario.capacityMode(), heads);
            pops.add(node);
            popsByName.put(spec.name(), node);
        }
        pops.forEach(p -> p.parent = p.spec.parent() == null ? null : popsByName.get(p.spec.parent()));
        for (PopNode p : pops) {
            p.originHalfRttNanos = Math.round(latency.rttMs(p.site.location(), scenario.origin().location()) * 1e6 / 2);
            p.parentHalfRttNanos = p.parent == null ? 0 : Math.round(latency.rttMs(p.site.location(), p.parent.site.location()) * 1e6 / 2);
        }
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
        Content content = new Content(scenario.workload(), scenario.edge().heuristicCap().toSeconds());
        this.metrics = new Metrics(content.classes(), scenario.regions().size(), pops);
        this.content = content;
        Resource originSlots = new Resource(scenario.origin().concurrency());
        this.series = new SeriesRecorder(pops, scenario.buckets(), originSlots);
        this.life = new Lifecycle(this, events, content, metrics, series, originSlots);
    }

    public static RunResult run(Scenario scenario, Path baseDir, ProgressListener progress) {
        return new Simulation(scenario, baseDir, null).execute(progress);
    }

    /**
     * The same run against real servers: see {@link Backend}. PoP and origin outages are played on the
     * real servers, and so is autoscaling: the scenario is first simulated, and each scale step the
     * autoscaler took there is played on the real PoP at the same point of the scenario's clock (the
     * live edges' own utilisation does not decide, so both runs scale alike and can be compared).
     */
    public static RunResult runLive(Scenario scenario, Path baseDir, ProgressListener progress, Backend backend) {
        if (scenario.capacityMode() != dev.popnet.core.cache.CapacityMode.BYTES) {
            throw new IllegalArgumentException("a live run needs capacity-mode: bytes (edges count bytes)");
        }
        Simulation live = new Simulation(scenario, baseDir, backend);
        if (scenario.autoscale().enabled()) {
            Simulation model = new Simulation(scenario, baseDir, null);
            model.execute(ProgressListener.NONE);
            model.scaleSteps.forEach(step -> live.events.schedule(step.atNanos(), () -> live.replay(step)));
        }
        return live.execute(progress);
    }

    /** A scale step of the model, played on the real PoP first and then on its model here (owners move once both have it). */
    private void replay(ScaleStep step) {
        PopNode pop = popsByName.get(step.pop());
        timeline.add(now, "autoscale", step.why());
        for (String done : backend.setEdges(step.pop(), step.edges())) {
            timeline.add(now, "autoscale", "live: " + done);
        }
        while (pop.edgeCount() < step.edges()) {
            pop.addEdge(now);
        }
        while (pop.edgeCount() > step.edges()) {
            pop.removeEdge(now);
        }
    }

    /** The autoscaler changed a PoP's edges. */
    void scaled(ScaleStep step) {
        scaleSteps.add(step);
        timeline.add(step.atNanos(), "autoscale", step.why());
    }

    /**
     * Runs exactly {@code requests} (in time order) through the scenario's network, warm-up included, and
     * says how each was answered, in sequence order: the simulator's side of a live-vs-simulated
     * comparison request by request.
     */
    public static java.util.List<RequestOutcome> outcomes(Scenario scenario, java.util.List<Request> requests) {
        Simulation sim = new Simulation(scenario.withWarmupFraction(0), null, null);
        RequestOutcome[] out = new RequestOutcome[requests.size()];
        sim.life.onAnswer = o -> out[o.index()] = o;
        sim.execute(ProgressListener.NONE, RequestSource.of(requests));
        return java.util.Arrays.asList(out);
    }

    private RunResult execute(ProgressListener progress) {
        return execute(progress, RequestSource.open(scenario.workload(), scenario.seed(), requestLimit(), baseDir));
    }

    private RunResult execute(ProgressListener progress, RequestSource requests) {
        long started = System.nanoTime();
        scheduleEvents();
        long count = 0;
        long endNanos = scenario.duration() == null ? Long.MAX_VALUE : scenario.duration().toNanos();
        try (RequestSource source = requests) {
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
                events.runUntil(r.timeNanos(), advance);
                advanceTo(r.timeNanos());
                serve(r, (int) count, Metrics.measured(count, warmup));
                series.record(now);
                if ((++count & 0xFFFF) == 0) {
                    progress(progress, count, total, endNanos);
                }
            }
            if (backend != null) {
                live.awaitAll();
            }
            while (life.inFlight > 0 && events.runNext(advance)) {
                // the last requests' fetches and answers
            }
            progress(progress, total, total, endNanos);
        }
        pops.forEach(PopNode::checkInvariants);
        double wall = (System.nanoTime() - started) / 1e9;
        return Results.of(backend == null ? "simulation" : backend.name(), scenario, pops, metrics, life.originSlots, count, now / 1e9, wall,
                series.points(), timeline.events());
    }

    /** Requests done of the total; for a run bounded by its duration, virtual milliseconds of it. */
    private void progress(ProgressListener progress, long count, long total, long endNanos) {
        if (scenario.requests() == 0 && endNanos != Long.MAX_VALUE) {
            progress.progress(Math.min(now, endNanos) / 1_000_000, endNanos / 1_000_000);
        } else {
            progress.progress(count, total);
        }
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

    /** Without a branch: an event at the very instant of the last one is rare, and its first would recompile the run. */
    private void advanceTo(long t) {
        now = Math.max(now, t);
    }

    private void serve(Request r, int index, int measure) {
        Region region = pickRegion();
        PopNode pop = region.route(this, random);
        int nearest = Metrics.same(pop.index, region.nearestUp());
        metrics.flows[region.index][pop.index] += measure;
        if (backend != null) {
            serveLive(r, region, pop, metrics.pop(pop, measure), nearest);
            return;
        }
        if (!pop.up) {
            // a resolver still points at a dead PoP: the client's connection fails
            metrics.failed(metrics.pop(pop, measure), 502);
            metrics.failed(metrics.contentClass(r.contentClass(), measure), 502);
            series.failed(pop.index);
            if (life.onAnswer != null) {
                life.onAnswer.accept(new RequestOutcome(index, r, pop.spec.name(), null, null, 502, 0));
            }
            return;
        }
        life.send(r, index, region, pop, measure, nearest);
    }

    /** Hands the request to the real servers; its outcome is counted when it comes back. */
    private void serveLive(Request r, Region region, PopNode pop, PopMetrics m, int nearest) {
        live.start(backend.fetch(pop.spec.name(), pop.owner(r.objectId()).name, r, region.rttMs[pop.index],
                Lifecycle.transferNanos(r.size(), scenario.network().clientMbps()) / 1e6), outcome -> {
            if (outcome.served() == Backend.Served.FAILED) {
                metrics.failed(m, 502);
                series.failed(pop.index);
                return;
            }
            if (outcome.served() == Backend.Served.ORIGIN) {
                m.originRequests++;
                m.originBytes += r.size();
            }
            boolean hit = outcome.served() == Backend.Served.HIT;
            long micros = Metrics.micros(outcome.latencyMs());
            metrics.served(m, hit ? dev.popnet.core.http.CacheStatus.HIT : dev.popnet.core.http.CacheStatus.MISS, hit,
                    outcome.served() == Backend.Served.PARENT_HIT, r.size(), nearest, micros);
            series.served(pop.index, hit, r.size(), micros);
        });
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

    /** Virtual nanoseconds as the epoch milliseconds the decision machine works in. */
    static long millis(long virtualNanos) {
        return (EPOCH_NANOS + virtualNanos) / 1_000_000L;
    }

    boolean originUp() {
        return originUp;
    }

    /**
     * Each PoP's edge utilisation over the last sampling interval (busy core time over available core
     * time), by PoP name: what a load-aware ranking reads.
     */
    public java.util.function.ToDoubleFunction<String> popLoad() {
        return name -> popsByName.get(name).load;
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
            if (e.type() == EventSpec.Type.PURGE) {
                events.schedule(start, () -> purge(e.purge()));
                continue;
            }
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
        if (backend == null) {
            new Autoscaler(this, events).start(); // samples load always; scales when enabled
        }
    }

    private void setOrigin(boolean up) {
        originUp = up;
        if (backend != null) {
            backend.setOriginUp(up);
        }
        timeline.add(now, "outage", up ? "origin back up" : "origin down");
    }

    private void setUp(PopNode pop, boolean up) {
        pop.up = up;
        if (backend != null) {
            backend.setPopUp(pop.spec.name(), up);
        }
        if (!up) {
            pop.wipe(now);
        }
        regions.forEach(Region::healthChanged);
        timeline.add(now, "outage", "PoP " + pop.spec.name() + (up ? " back up (cold caches)" : " down"));
    }

    /** Removes what the purge selects from every edge's cache, as the live PoPs' purge fan-out does. */
    private void purge(dev.popnet.core.cache.decision.Purge purge) {
        long removed = 0;
        for (PopNode pop : pops) {
            for (EdgeNode e : pop.edges()) {
                for (long id : e.storedIds()) {
                    if (purge.matches(content.path(id), e.peek(id).head())) {
                        e.remove(id);
                        removed++;
                    }
                }
            }
        }
        timeline.add(now, "purge", "purge " + purge.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " " + purge.value()
                + ": " + removed + " objects");
    }

    private void setSeen(PopNode pop, boolean healthy) {
        pop.seenHealthy = healthy;
        regions.forEach(Region::healthChanged);
        timeline.add(now, "health", "health checks mark " + pop.spec.name() + (healthy ? " healthy" : " unhealthy"));
    }

    /** The PoP a resolver gets for a client: the shared router, or in a live run the real DNS router. */
    PopNode answer(Region region, dev.popnet.core.routing.GeoPoint asking, long tieKey) {
        String name = backend != null ? backend.resolve(region.index, asking)
                : router.rank(region.spec.name(), asking, seenHealth(), tieKey).get(0).pop().name();
        return popsByName.get(name);
    }
}
