package dev.popnet.core.routing;

import dev.popnet.core.config.Check;

/** A place on Earth in degrees. */
public record GeoPoint(double lat, double lon) {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    public GeoPoint {
        Check.that(lat >= -90 && lat <= 90, "lat", lat, "must be between -90 and 90");
        Check.that(lon >= -180 && lon <= 180, "lon", lon, "must be between -180 and 180");
    }

    /** Great-circle distance (haversine). */
    public double distanceKm(GeoPoint other) {
        double dLat = Math.toRadians(other.lat - lat);
        double dLon = Math.toRadians(other.lon - lon);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat)) * Math.cos(Math.toRadians(other.lat)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }
}
