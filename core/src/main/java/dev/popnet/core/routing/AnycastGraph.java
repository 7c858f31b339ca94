package dev.popnet.core.routing;

import dev.popnet.core.config.Check;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The network as BGP would see it for anycast: nodes (client regions, transit points, PoPs) joined by
 * links with a routing cost (think AS-path length and local preference, not kilometres). A client
 * reaches the healthy PoP at the lowest path cost from its region's node, which need not be the
 * geographically nearest one.
 */
public final class AnycastGraph {
    /** An undirected link with its routing cost. */
    public record Link(String from, String to, double cost) {
        public Link {
            Check.present("from", from);
            Check.present("to", to);
            Check.that(cost >= 0, "cost", cost, "must not be negative");
        }
    }

    private final Map<String, List<Link>> adjacency = new HashMap<>();

    public AnycastGraph(List<Link> links) {
        for (Link l : links) {
            adjacency.computeIfAbsent(l.from(), k -> new ArrayList<>()).add(l);
            adjacency.computeIfAbsent(l.to(), k -> new ArrayList<>()).add(new Link(l.to(), l.from(), l.cost()));
        }
    }

    public boolean isEmpty() {
        return adjacency.isEmpty();
    }

    /** Path cost from a node to every reachable node (Dijkstra). */
    public Map<String, Double> costsFrom(String source) {
        Map<String, Double> dist = new HashMap<>();
        record Item(String node, double cost) {
        }
        PriorityQueue<Item> queue = new PriorityQueue<>((a, b) -> a.cost != b.cost ? Double.compare(a.cost, b.cost) : a.node.compareTo(b.node));
        queue.add(new Item(source, 0));
        while (!queue.isEmpty()) {
            Item it = queue.poll();
            if (dist.containsKey(it.node)) {
                continue;
            }
            dist.put(it.node, it.cost);
            for (Link l : adjacency.getOrDefault(it.node, List.of())) {
                if (!dist.containsKey(l.to())) {
                    queue.add(new Item(l.to(), it.cost + l.cost()));
                }
            }
        }
        return dist;
    }
}
