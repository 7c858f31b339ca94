package dev.popnet.simulator.report;

import java.util.List;

/**
 * The map of a run: PoPs, client regions and the origin by latitude and longitude, and how many
 * measured requests went from each region to each PoP.
 */
public record Places(List<Place> pops, List<Place> regions, Place origin, List<Flow> flows) {
    public record Place(String name, double lat, double lon) {
    }

    public record Flow(String region, String pop, long requests) {
    }
}
