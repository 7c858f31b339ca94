package dev.popnet.simulator.scenario;

import dev.popnet.core.config.Check;
import dev.popnet.core.routing.GeoPoint;

/**
 * Where clients are and how much they ask.
 *
 * @param share                share of all requests (normalised over regions)
 * @param publicResolverShare  share of this region's clients whose DNS resolver sits elsewhere
 * @param publicResolver       where that resolver is (without ECS, geo DNS steers by it, not the client)
 */
public record RegionSpec(String name, GeoPoint location, double share, double publicResolverShare, GeoPoint publicResolver) {
    public RegionSpec {
        Check.present("name", name);
        Check.present("location", location);
        Check.that(share > 0, "share", share, "must be positive");
        Check.fraction("public-resolver-share", publicResolverShare);
        Check.that(publicResolverShare == 0 || publicResolver != null, "public-resolver", null,
                "is required when public-resolver-share is above 0");
    }
}
