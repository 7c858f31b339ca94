package dev.popnet.core.cache.decision;

import dev.popnet.core.http.CacheControl;
import dev.popnet.core.http.CacheRules;
import dev.popnet.core.http.HeaderList;
import dev.popnet.core.http.Headers;
import dev.popnet.core.http.NoCacheReason;
import java.util.function.Supplier;

/**
 * A response's status and the header fields the cache rules read, with what {@link CacheRules} derives
 * from them computed once: the freshness lifetime (§4.2.1), storability for a plain GET (§3), and how a
 * request without directives of its own may use it at each age (§4.2, RFC 5861). One head may be shared by
 * many stored responses (the simulator keeps one per content class), so those answers cost a field read.
 *
 * <p>For a request without directives, {@link CacheRules#use} is a step function of age: fresh below
 * the lifetime, then at most one stale outcome up to a bound, then validate. The two steps are found by
 * asking {@code CacheRules} itself (a search over ages), never by reading directives here;
 * {@code ResponseHeadTest} checks the steps against {@code CacheRules.use} at every age.
 */
public final class ResponseHead {
    /** Ages are searched up to here (68 years in seconds): beyond is "never". */
    private static final long AGE_CAP = Integer.MAX_VALUE;

    private final int status;
    /** The header fields, or null until {@code source} gives them (a head made for one lookup of a store that keeps them serialised). */
    private HeaderList headers;
    private Supplier<HeaderList> source;
    private final long lifetimeSeconds;
    private NoCacheReason plainStorability;
    private boolean storabilityKnown;
    private long freshBelow = -1;
    private long staleUpTo = -1;
    private CacheRules.Use staleUse;
    /** The governing directives ({@link CacheRules#responseDirectives}), parsed when first asked for. */
    private CacheControl directives;
    /** Made for one lookup: the step search would cost more than the one answer it is asked for. */
    private boolean oneOff;

    private ResponseHead(int status, HeaderList headers, long lifetimeSeconds) {
        this.status = status;
        this.headers = headers;
        this.lifetimeSeconds = lifetimeSeconds;
    }

    /**
     * A head whose freshness lifetime the driver worked out when it stored the response (the edge keeps
     * it beside the body), made for one lookup: asked once, it answers from {@link CacheRules} directly
     * rather than searching its steps.
     */
    public static ResponseHead known(int status, HeaderList headers, long lifetimeSeconds, CacheControl directives) {
        ResponseHead h = new ResponseHead(status, headers, lifetimeSeconds);
        h.oneOff = true;
        h.directives = directives;
        return h;
    }

    /**
     * As {@link #known(int, HeaderList, long, CacheControl)}, with the header fields decoded by
     * {@code headers} only if the lookup reads them: a fresh hit needs its lifetime and directives alone.
     */
    public static ResponseHead known(int status, Supplier<HeaderList> headers, long lifetimeSeconds, CacheControl directives) {
        ResponseHead h = known(status, (HeaderList) null, lifetimeSeconds, directives);
        h.source = headers;
        return h;
    }

    /** @param heuristicCapSeconds the cap on heuristic freshness (§4.2.2) */
    public static ResponseHead of(int status, HeaderList headers, long heuristicCapSeconds) {
        return new ResponseHead(status, headers, CacheRules.freshnessLifetime(headers, status, heuristicCapSeconds));
    }

    public int status() {
        return status;
    }

    public HeaderList headers() {
        if (headers == null && source != null) {
            headers = source.get();
            source = null;
        }
        return headers;
    }

    /** §4.2.1 freshness lifetime in seconds. */
    public long lifetimeSeconds() {
        return lifetimeSeconds;
    }

    /** §3 for this response to {@code request}: null when a shared cache may store it, else why not. */
    NoCacheReason storability(RequestView request, long size, long maxSize) {
        if (!request.plain()) {
            return CacheRules.storability(request.method(), request.headers(), status, headers(), size, maxSize);
        }
        if (!storabilityKnown) {
            plainStorability = CacheRules.storability("GET", Headers.NONE, status, headers(), 0, -1);
            storabilityKnown = true;
        }
        if (plainStorability == null && maxSize >= 0 && size > maxSize) {
            return CacheRules.storability("GET", Headers.NONE, status, headers(), size, maxSize);
        }
        return plainStorability;
    }

    /** How a stored copy of this response at {@code ageSeconds} may answer {@code request} (RFC 9111 §4.2, RFC 5861). */
    CacheRules.Use use(RequestView request, long ageSeconds) {
        if (!request.plain() || oneOff) {
            return CacheRules.use(request.headers(), directives(), ageSeconds, lifetimeSeconds);
        }
        if (freshBelow < 0) {
            findSteps();
        }
        if (ageSeconds < freshBelow) {
            return CacheRules.Use.FRESH;
        }
        return staleUse != null && ageSeconds <= staleUpTo ? staleUse : CacheRules.Use.VALIDATE;
    }

    /** The first age (seconds) at which a request without directives of its own no longer finds this response fresh. */
    long plainFreshBelow() {
        if (freshBelow < 0) {
            findSteps();
        }
        return freshBelow;
    }

    private CacheRules.Use plainUse(long age) {
        return CacheRules.use(Headers.NONE, directives(), age, lifetimeSeconds);
    }

    private CacheControl directives() {
        if (directives == null) {
            directives = CacheRules.responseDirectives(headers());
        }
        return directives;
    }

    private void findSteps() {
        long fresh;
        if (plainUse(0) != CacheRules.Use.FRESH) {
            fresh = 0;
        } else if (lifetimeSeconds > 0 && plainUse(lifetimeSeconds - 1) == CacheRules.Use.FRESH
                && plainUse(lifetimeSeconds) != CacheRules.Use.FRESH) {
            fresh = lifetimeSeconds; // the usual case, in three questions
        } else {
            fresh = firstAgeNotLike(0, CacheRules.Use.FRESH);
        }
        CacheRules.Use after = fresh >= AGE_CAP ? CacheRules.Use.VALIDATE : plainUse(fresh);
        if (after != CacheRules.Use.VALIDATE) {
            staleUse = after;
            staleUpTo = firstAgeNotLike(fresh, after) - 1;
        }
        freshBelow = fresh;
    }

    /** The smallest age above {@code from} whose answer is not {@code like} (given that {@code from}'s is), or AGE_CAP. */
    private long firstAgeNotLike(long from, CacheRules.Use like) {
        long step = 1;
        while (from + step < AGE_CAP && plainUse(from + step) == like) {
            step *= 2;
        }
        long lo = from + step / 2;
        long hi = Math.min(from + step, AGE_CAP);
        if (hi >= AGE_CAP && plainUse(AGE_CAP) == like) {
            return AGE_CAP;
        }
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (plainUse(mid) == like) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
