package dev.popnet.simulator.sweep;

import dev.popnet.simulator.report.PopResult;
import dev.popnet.simulator.scenario.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cells of a sweep: every combination of the axes' values, each a scenario of its own. The order
 * is fixed by the axes (capacity varies fastest, then policy, then alpha, then the other axes in the
 * order given), so a grid lists the same cells in the same order wherever it is built.
 */
public final class SweepGrid {
    /** One combination: its place in the grid and the value of each swept axis, as given. */
    public record Cell(int index, Map<String, String> values) {
        public Cell {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** One cell and what it measured: its PoPs' policy, capacity per edge and alpha, and the totals over all PoPs. */
    public record Point(Cell cell, String policy, long capacity, double alpha, PopResult total) {
    }

    private final Scenario base;
    private final List<SweepAxis> axes;
    private final List<Cell> cells = new ArrayList<>();
    private final List<Scenario> scenarios = new ArrayList<>();

    private SweepGrid(Scenario base, Map<SweepAxis, List<String>> values) {
        this.base = base;
        this.axes = new ArrayList<>(values.keySet());
        axes.sort(Comparator.comparingInt(SweepAxis::nesting)); // stable: the others keep the order given
        expand(0, new LinkedHashMap<>(), values);
    }

    /** @param axes axis name to its values, in the order given; each value is checked by building its cells */
    public static SweepGrid of(Scenario base, Map<String, List<String>> axes) {
        Map<SweepAxis, List<String>> values = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : axes.entrySet()) {
            SweepAxis axis = SweepAxis.named(e.getKey());
            if (names.contains(axis.name())) {
                throw new IllegalArgumentException("sweep axis '" + axis.name() + "' is given twice");
            }
            List<String> vs = e.getValue().stream().map(String::trim).toList();
            if (vs.isEmpty() || vs.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("--sweep " + axis.name() + " needs values, e.g. " + axis.name() + "=a,b");
            }
            names.add(axis.name());
            values.put(axis, vs);
        }
        return new SweepGrid(base, values);
    }

    private void expand(int depth, LinkedHashMap<String, String> chosen, Map<SweepAxis, List<String>> values) {
        if (depth == axes.size()) {
            Scenario s = base;
            for (SweepAxis axis : axes) {
                s = axis.apply(s, chosen.get(axis.name()));
            }
            cells.add(new Cell(cells.size(), chosen));
            scenarios.add(s);
            return;
        }
        SweepAxis axis = axes.get(depth);
        for (String v : values.get(axis)) {
            chosen.put(axis.name(), v);
            expand(depth + 1, chosen, values);
        }
        chosen.remove(axis.name());
    }

    public Scenario base() {
        return base;
    }

    public List<Cell> cells() {
        return List.copyOf(cells);
    }

    /** The scenario a cell runs. */
    public Scenario scenario(Cell cell) {
        return scenarios.get(cell.index());
    }

    /** The cell's point, from the totals of its run. */
    public Point point(Cell cell, PopResult total) {
        Scenario s = scenario(cell);
        return new Point(cell, s.pops().get(0).policy(), s.pops().get(0).capacity(), s.workload().alpha(), total);
    }
}
