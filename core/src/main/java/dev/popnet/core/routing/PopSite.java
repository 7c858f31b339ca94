package dev.popnet.core.routing;

import dev.popnet.core.config.Check;
import java.util.List;

/**
 * A point of presence as routing sees it.
 *
 * @param addresses what DNS answers for this PoP (IPv4 and IPv6 literals)
 * @param weight    share among PoPs that rank equal (capacity)
 */
public record PopSite(String name, GeoPoint location, List<String> addresses, double weight) {
    public PopSite {
        Check.present("name", name);
        Check.present("location", location);
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
        weight = weight == 0 ? 1 : weight;
        Check.that(weight > 0, "weight", weight, "must be positive");
    }
}
