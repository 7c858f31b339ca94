package dev.popnet.simulator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small inline SVG charts, so an HTML report needs nothing from the network: line charts with ticks at
 * round numbers (1, 2 or 5 times a power of ten; whole decades on a log axis), each line with its own
 * colour, dash pattern and marker so overlapping lines stay apart, optional event markers on time
 * axes; grouped bars over a categorical axis; and a map of places drawn from latitude and longitude.
 * Every label is a {@code <text>} element, placed so that none covers another.
 */
public final class SvgChart {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    private static final String[] DASHES = {"", "6,3", "2,2", "8,3,2,3", "12,4", "4,4,1,4"};
    private static final String[] MARKERS = {"circle", "square", "triangle", "diamond"};
    private static final int W = 640;
    private static final int H = 300;
    private static final int LEFT = 60;
    private static final int BOTTOM = 40;
    private static final int TOP = 30;
    private static final int RIGHT = 150;

    /** A moment to mark on a time axis: a vertical line, its text in a tooltip. */
    public record Marker(double x, String kind, String text) {
    }

    private SvgChart() {
    }

    /** One line per series; each point is {x, y}. */
    public static String lines(String title, String xLabel, String yLabel, Map<String, List<double[]>> series, boolean logX) {
        return lines(title, xLabel, yLabel, series, logX, List.of());
    }

    /** One line per series, with event markers at their x. */
    public static String lines(String title, String xLabel, String yLabel, Map<String, List<double[]>> series, boolean logX, List<Marker> markers) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (List<double[]> pts : series.values()) {
            for (double[] p : pts) {
                double x = logX ? Math.log10(Math.max(p[0], 1e-3)) : p[0];
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, p[1]);
            }
        }
        if (minX == Double.MAX_VALUE) {
            return "<p>(no data for " + escape(title) + ")</p>";
        }
        Axis x = logX ? Axis.decades(minX, maxX) : Axis.nice(minX, maxX);
        Axis y = Axis.nice(0, maxY == 0 ? 1 : maxY);
        StringBuilder sb = frame(title, xLabel, yLabel);
        axes(sb, x, y);
        for (Marker m : markers) {
            double px = x.px(m.x());
            if (px >= LEFT && px <= W - RIGHT) {
                sb.append("<line class='event' x1='").append(fmt(px)).append("' y1='").append(TOP).append("' x2='").append(fmt(px))
                        .append("' y2='").append(H - BOTTOM).append("' stroke='").append(eventColor(m.kind()))
                        .append("' stroke-dasharray='3,3' stroke-width='1'><title>").append(escape(fmt(m.x()) + " s: " + m.text()))
                        .append("</title></line>");
            }
        }
        int i = 0;
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            String color = COLORS[i % COLORS.length];
            String dash = DASHES[i % DASHES.length];
            sb.append("<polyline fill='none' stroke='").append(color).append("' stroke-width='2'")
                    .append(dash.isEmpty() ? "" : " stroke-dasharray='" + dash + "'").append(" points='");
            List<double[]> pts = s.getValue();
            for (double[] p : pts) {
                sb.append(fmt(x.px(logX ? Math.log10(Math.max(p[0], 1e-3)) : p[0]))).append(',').append(fmt(y.py(p[1]))).append(' ');
            }
            sb.append("'/>");
            int every = Math.max(1, pts.size() / 8);
            for (int k = i % every; k < pts.size(); k += every) {
                double[] p = pts.get(k);
                marker(sb, i, x.px(logX ? Math.log10(Math.max(p[0], 1e-3)) : p[0]), y.py(p[1]), color);
            }
            legend(sb, i, s.getKey(), color, dash);
            i++;
        }
        return sb.append("</svg>").toString();
    }

    /** Grouped bars: one group per category (a categorical axis: names, no numbers), one bar per series. */
    public static String bars(String title, String yLabel, List<String> categories, Map<String, double[]> series) {
        double maxY = series.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
        Axis y = Axis.nice(0, maxY <= 0 ? 1 : maxY);
        StringBuilder sb = frame(title, "", yLabel);
        yAxis(sb, y);
        line(sb, LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
        double groupWidth = (W - LEFT - RIGHT) / (double) Math.max(1, categories.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        int s = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String color = COLORS[s % COLORS.length];
            for (int c = 0; c < categories.size(); c++) {
                double bx = LEFT + c * groupWidth + groupWidth * 0.1 + s * barWidth;
                double by = y.py(e.getValue()[c]);
                sb.append("<rect x='").append(fmt(bx)).append("' y='").append(fmt(by)).append("' width='").append(fmt(barWidth))
                        .append("' height='").append(fmt(H - BOTTOM - by)).append("' fill='").append(color).append("'")
                        .append(s % 2 == 1 ? " fill-opacity='0.6'" : "").append("><title>")
                        .append(escape(e.getKey() + " " + categories.get(c) + ": " + fmt(e.getValue()[c]))).append("</title></rect>");
            }
            legend(sb, s, e.getKey(), color, "");
            s++;
        }
        for (int c = 0; c < categories.size(); c++) {
            text(sb, "category", LEFT + c * groupWidth + groupWidth / 2, H - BOTTOM + 15, "middle", 11, categories.get(c));
        }
        return sb.append("</svg>").toString();
    }

    /** A place on the map. */
    public record Point(String name, double lat, double lon, String kind) {
    }

    /** A line between two places, as wide as its share of the heaviest. */
    public record Link(String from, String to, double weight, String label) {
    }

    /**
     * An equirectangular map of the places (framed to their extent), links drawn as lines whose width
     * follows their weight; each name is set where it covers no other name or place.
     */
    public static String map(String title, List<Point> points, List<Link> links) {
        int w = 900;
        int h = 460;
        double minLon = points.stream().mapToDouble(Point::lon).min().orElse(-180) - 15;
        double maxLon = points.stream().mapToDouble(Point::lon).max().orElse(180) + 15;
        double minLat = points.stream().mapToDouble(Point::lat).min().orElse(-60) - 10;
        double maxLat = points.stream().mapToDouble(Point::lat).max().orElse(75) + 10;
        double scale = Math.min((w - 40) / (maxLon - minLon), (h - 60) / (maxLat - minLat));
        java.util.function.ToDoubleFunction<Point> px = p -> 20 + (p.lon() - minLon) * scale;
        java.util.function.ToDoubleFunction<Point> py = p -> 40 + (maxLat - p.lat()) * scale;
        StringBuilder sb = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='").append(w).append("' height='").append(h)
                .append("' font-family='sans-serif'><rect width='100%' height='100%' fill='#f4f8fb'/>");
        text(sb, "title", w / 2.0, 18, "middle", 14, title);
        for (int lon = (int) Math.ceil(minLon / 30) * 30; lon <= maxLon; lon += 30) {
            double gx = 20 + (lon - minLon) * scale;
            sb.append("<line x1='").append(fmt(gx)).append("' y1='40' x2='").append(fmt(gx)).append("' y2='").append(fmt(40 + (maxLat - minLat) * scale))
                    .append("' stroke='#dde5ec'/>");
        }
        Map<String, Point> byName = new java.util.HashMap<>();
        points.forEach(p -> byName.putIfAbsent(p.name(), p));
        double heaviest = links.stream().mapToDouble(Link::weight).max().orElse(1);
        for (Link l : links) {
            Point a = byName.get(l.from());
            Point b = byName.get(l.to());
            if (a == null || b == null) {
                continue;
            }
            sb.append("<line class='flow' x1='").append(fmt(px.applyAsDouble(a))).append("' y1='").append(fmt(py.applyAsDouble(a)))
                    .append("' x2='").append(fmt(px.applyAsDouble(b))).append("' y2='").append(fmt(py.applyAsDouble(b)))
                    .append("' stroke='#1f77b4' stroke-opacity='0.5' stroke-width='").append(fmt(1 + 9 * l.weight() / heaviest))
                    .append("'><title>").append(escape(l.label())).append("</title></line>");
        }
        List<double[]> taken = new ArrayList<>();
        for (Point p : points) {
            double x = px.applyAsDouble(p);
            double y = py.applyAsDouble(p);
            switch (p.kind()) {
                case "pop" -> sb.append("<rect x='").append(fmt(x - 5)).append("' y='").append(fmt(y - 5))
                        .append("' width='10' height='10' fill='#d62728'/>");
                case "origin" -> sb.append("<polygon points='").append(fmt(x)).append(',').append(fmt(y - 7)).append(' ').append(fmt(x + 7))
                        .append(',').append(fmt(y)).append(' ').append(fmt(x)).append(',').append(fmt(y + 7)).append(' ').append(fmt(x - 7))
                        .append(',').append(fmt(y)).append("' fill='#2ca02c'/>");
                default -> sb.append("<circle cx='").append(fmt(x)).append("' cy='").append(fmt(y)).append("' r='5' fill='#1f77b4'/>");
            }
            taken.add(new double[] {x - 7, y - 7, x + 7, y + 7});
        }
        for (Point p : points) {
            placeLabel(sb, taken, p.kind(), px.applyAsDouble(p), py.applyAsDouble(p), p.name(), w, h);
        }
        int ly = h - 12;
        sb.append("<rect x='20' y='").append(ly - 9).append("' width='10' height='10' fill='#d62728'/>");
        text(sb, "legend", 35, ly, "start", 11, "PoP");
        sb.append("<circle cx='85' cy='").append(ly - 4).append("' r='5' fill='#1f77b4'/>");
        text(sb, "legend", 95, ly, "start", 11, "client region (line width: requests to each PoP)");
        sb.append("<polygon points='400,").append(ly - 11).append(" 407,").append(ly - 4).append(" 400,").append(ly + 3).append(" 393,")
                .append(ly - 4).append("' fill='#2ca02c'/>");
        text(sb, "legend", 412, ly, "start", 11, "origin");
        return sb.append("</svg>").toString();
    }

    /** Tries spots around the point, nearest first, until the label's box covers nothing placed before; joins it to its point when moved. */
    private static void placeLabel(StringBuilder sb, List<double[]> taken, String kind, double x, double y, String name, int w, int h) {
        double tw = textWidth(name, 11);
        for (int ring = 0; ring < 12; ring++) {
            double d = 9 + ring * 9;
            double[][] spots = {{x + d, y + 4}, {x - d - tw, y + 4}, {x - tw / 2, y - d}, {x - tw / 2, y + d + 9},
                {x + d, y - d}, {x - d - tw, y - d}, {x + d, y + d + 9}, {x - d - tw, y + d + 9}};
            for (double[] s : spots) {
                double[] box = {s[0] - 1, s[1] - 10, s[0] + tw + 1, s[1] + 2};
                if (box[0] < 2 || box[2] > w - 2 || box[1] < 24 || box[3] > h - 24 || taken.stream().anyMatch(t -> overlaps(t, box))) {
                    continue;
                }
                taken.add(box);
                if (ring > 0) {
                    line(sb, x, y, Math.max(box[0], Math.min(x, box[2])), Math.max(box[1], Math.min(y, box[3])));
                }
                text(sb, "label " + kind, s[0], s[1], "start", 11, name);
                return;
            }
        }
        text(sb, "label " + kind, x + 9, y + 4, "start", 11, name); // crowded beyond reason: put it beside the point anyway
    }

    private static boolean overlaps(double[] a, double[] b) {
        return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    }

    /** Width of a label in pixels, as the tests and the placement estimate it (sans-serif averages 0.6 em). */
    static double textWidth(String s, double fontSize) {
        return s.length() * fontSize * 0.6;
    }

    private static String eventColor(String kind) {
        return switch (kind) {
            case "outage" -> "#d62728";
            case "autoscale" -> "#2ca02c";
            case "purge" -> "#9467bd";
            default -> "#7f7f7f";
        };
    }

    /** Ticks at round numbers: a step of 1, 2 or 5 times a power of ten, the axis widened to whole steps. */
    private record Axis(double min, double max, double step, boolean log) {
        static Axis nice(double min, double max) {
            if (max <= min) {
                max = min + 1;
            }
            double raw = (max - min) / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / magnitude;
            double step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
            return new Axis(Math.floor(min / step + 1e-9) * step, Math.ceil(max / step - 1e-9) * step, step, false);
        }

        /** A log axis in decades (values are log10 already). */
        static Axis decades(double min, double max) {
            double lo = Math.floor(min);
            double hi = Math.max(lo + 1, Math.ceil(max));
            return new Axis(lo, hi, 1, true);
        }

        double px(double v) {
            return LEFT + (v - min) / (max - min) * (W - LEFT - RIGHT);
        }

        double py(double v) {
            return H - BOTTOM - (v - min) / (max - min) * (H - BOTTOM - TOP);
        }

        List<Double> ticks() {
            List<Double> t = new ArrayList<>();
            for (long k = Math.round(min / step); k * step <= max + step * 1e-9; k++) {
                t.add(k * step);
            }
            return t;
        }

        String label(double v) {
            if (log) {
                return fmtRound(Math.pow(10, v));
            }
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }

    private static String fmtRound(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%s", new java.math.BigDecimal(v)
                .round(new java.math.MathContext(1)).stripTrailingZeros().toPlainString());
    }

    private static StringBuilder frame(String title, String xLabel, String yLabel) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(W).append("' height='").append(H)
                .append("' font-family='sans-serif'><rect width='100%' height='100%' fill='white'/>");
        text(sb, "title", W / 2.0, 18, "middle", 14, title);
        if (!xLabel.isEmpty()) {
            text(sb, "axis-label", (W - RIGHT + LEFT) / 2.0, H - 5, "middle", 12, xLabel);
        }
        sb.append("<text class='axis-label' x='14' y='").append(H / 2).append("' text-anchor='middle' font-size='12' transform='rotate(-90 14 ")
                .append(H / 2).append(")'>").append(escape(yLabel)).append("</text>");
        return sb;
    }

    private static void axes(StringBuilder sb, Axis x, Axis y) {
        yAxis(sb, y);
        line(sb, LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
        for (double t : x.ticks()) {
            double px = x.px(t);
            line(sb, px, H - BOTTOM, px, H - BOTTOM + 4);
            text(sb, "tick x", px, H - BOTTOM + 15, "middle", 10, x.label(t));
        }
    }

    private static void yAxis(StringBuilder sb, Axis y) {
        line(sb, LEFT, TOP, LEFT, H - BOTTOM);
        for (double t : y.ticks()) {
            double py = y.py(t);
            sb.append("<line x1='").append(LEFT).append("' y1='").append(fmt(py)).append("' x2='").append(W - RIGHT).append("' y2='")
                    .append(fmt(py)).append("' stroke='#eee'/>");
            text(sb, "tick y", LEFT - 5, py + 4, "end", 10, y.label(t));
        }
    }

    private static void marker(StringBuilder sb, int i, double x, double y, String color) {
        String m = MARKERS[i % MARKERS.length];
        switch (m) {
            case "circle" -> sb.append("<circle cx='").append(fmt(x)).append("' cy='").append(fmt(y)).append("' r='3' fill='").append(color).append("'/>");
            case "square" -> sb.append("<rect x='").append(fmt(x - 3)).append("' y='").append(fmt(y - 3)).append("' width='6' height='6' fill='")
                    .append(color).append("'/>");
            case "triangle" -> sb.append("<polygon points='").append(fmt(x)).append(',').append(fmt(y - 4)).append(' ').append(fmt(x + 4)).append(',')
                    .append(fmt(y + 3)).append(' ').append(fmt(x - 4)).append(',').append(fmt(y + 3)).append("' fill='").append(color).append("'/>");
            default -> sb.append("<polygon points='").append(fmt(x)).append(',').append(fmt(y - 4)).append(' ').append(fmt(x + 4)).append(',')
                    .append(fmt(y)).append(' ').append(fmt(x)).append(',').append(fmt(y + 4)).append(' ').append(fmt(x - 4)).append(',').append(fmt(y))
                    .append("' fill='none' stroke='").append(color).append("'/>");
        }
    }

    private static void legend(StringBuilder sb, int i, String name, String color, String dash) {
        int y = TOP + 10 + i * 16;
        int x = W - RIGHT + 10;
        sb.append("<line x1='").append(x).append("' y1='").append(y - 4).append("' x2='").append(x + 18).append("' y2='").append(y - 4)
                .append("' stroke='").append(color).append("' stroke-width='2'").append(dash.isEmpty() ? "" : " stroke-dasharray='" + dash + "'")
                .append("/>");
        marker(sb, i, x + 9, y - 4, color);
        text(sb, "legend", x + 23, y, "start", 11, name);
    }

    private static void line(StringBuilder sb, double x1, double y1, double x2, double y2) {
        sb.append("<line x1='").append(fmt(x1)).append("' y1='").append(fmt(y1)).append("' x2='").append(fmt(x2)).append("' y2='").append(fmt(y2))
                .append("' stroke='black'/>");
    }

    private static void text(StringBuilder sb, String cls, double x, double y, String anchor, int size, String s) {
        sb.append("<text class='").append(cls).append("' x='").append(fmt(x)).append("' y='").append(fmt(y)).append("' text-anchor='")
                .append(anchor).append("' font-size='").append(size).append("'>").append(escape(s)).append("</text>");
    }

    static String fmt(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    public static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }
}
