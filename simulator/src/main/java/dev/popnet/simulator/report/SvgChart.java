package dev.popnet.simulator.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Small inline SVG charts, so an HTML report needs nothing from the network. */
public final class SvgChart {
    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    private static final int W = 640;
    private static final int H = 300;
    private static final int LEFT = 60;
    private static final int BOTTOM = 40;
    private static final int TOP = 30;
    private static final int RIGHT = 150;

    private SvgChart() {
    }

    /** One line per series; each point is {x, y}. */
    public static String lines(String title, String xLabel, String yLabel, Map<String, List<double[]>> series, boolean logX) {
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
        if (maxX == minX) {
            maxX = minX + 1;
        }
        maxY = maxY == 0 ? 1 : maxY * 1.05;
        StringBuilder sb = frame(title, xLabel, yLabel);
        axes(sb, minX, maxX, maxY, logX);
        int i = 0;
        for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
            String color = COLORS[i % COLORS.length];
            sb.append("<polyline fill='none' stroke='").append(color).append("' stroke-width='2' points='");
            for (double[] p : s.getValue()) {
                double x = logX ? Math.log10(Math.max(p[0], 1e-3)) : p[0];
                sb.append(fmt(px(x, minX, maxX))).append(',').append(fmt(py(p[1], maxY))).append(' ');
            }
            sb.append("'/>");
            legend(sb, i, s.getKey(), color);
            i++;
        }
        return sb.append("</svg>").toString();
    }

    /** Grouped bars: one group per category, one bar per series. */
    public static String bars(String title, String yLabel, List<String> categories, Map<String, double[]> series) {
        double maxY = series.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
        maxY = maxY == 0 ? 1 : maxY * 1.1;
        StringBuilder sb = frame(title, "", yLabel);
        axes(sb, 0, 1, maxY, false);
        double groupWidth = (W - LEFT - RIGHT) / (double) Math.max(1, categories.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        int s = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String color = COLORS[s % COLORS.length];
            for (int c = 0; c < categories.size(); c++) {
                double x = LEFT + c * groupWidth + groupWidth * 0.1 + s * barWidth;
                double y = py(e.getValue()[c], maxY);
                sb.append("<rect x='").append(fmt(x)).append("' y='").append(fmt(y)).append("' width='").append(fmt(barWidth))
                        .append("' height='").append(fmt(H - BOTTOM - y)).append("' fill='").append(color).append("'><title>")
                        .append(escape(e.getKey() + " " + categories.get(c) + ": " + fmt(e.getValue()[c]))).append("</title></rect>");
            }
            legend(sb, s, e.getKey(), color);
            s++;
        }
        for (int c = 0; c < categories.size(); c++) {
            sb.append("<text x='").append(fmt(LEFT + c * groupWidth + groupWidth / 2)).append("' y='").append(H - BOTTOM + 15)
                    .append("' text-anchor='middle' font-size='11'>").append(escape(categories.get(c))).append("</text>");
        }
        return sb.append("</svg>").toString();
    }

    private static StringBuilder frame(String title, String xLabel, String yLabel) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns='http://www.w3.org/2000/svg' width='").append(W).append("' height='").append(H)
                .append("' font-family='sans-serif'><rect width='100%' height='100%' fill='white'/>");
        sb.append("<text x='").append(W / 2).append("' y='18' text-anchor='middle' font-size='14' font-weight='bold'>")
                .append(escape(title)).append("</text>");
        sb.append("<text x='").append((W - RIGHT + LEFT) / 2).append("' y='").append(H - 5).append("' text-anchor='middle' font-size='12'>")
                .append(escape(xLabel)).append("</text>");
        sb.append("<text x='14' y='").append(H / 2).append("' text-anchor='middle' font-size='12' transform='rotate(-90 14 ")
                .append(H / 2).append(")'>").append(escape(yLabel)).append("</text>");
        return sb;
    }

    private static void axes(StringBuilder sb, double minX, double maxX, double maxY, boolean logX) {
        sb.append("<line x1='").append(LEFT).append("' y1='").append(H - BOTTOM).append("' x2='").append(W - RIGHT).append("' y2='")
                .append(H - BOTTOM).append("' stroke='black'/>");
        sb.append("<line x1='").append(LEFT).append("' y1='").append(TOP).append("' x2='").append(LEFT).append("' y2='")
                .append(H - BOTTOM).append("' stroke='black'/>");
        for (int t = 0; t <= 4; t++) {
            double y = maxY * t / 4;
            sb.append("<text x='").append(LEFT - 5).append("' y='").append(fmt(py(y, maxY) + 4)).append("' text-anchor='end' font-size='10'>")
                    .append(fmt(y)).append("</text>");
            double x = minX + (maxX - minX) * t / 4;
            sb.append("<text x='").append(fmt(px(x, minX, maxX))).append("' y='").append(H - BOTTOM + 14)
                    .append("' text-anchor='middle' font-size='10'>").append(fmt(logX ? Math.pow(10, x) : x)).append("</text>");
        }
    }

    private static void legend(StringBuilder sb, int i, String name, String color) {
        int y = TOP + 10 + i * 16;
        sb.append("<rect x='").append(W - RIGHT + 10).append("' y='").append(y - 9).append("' width='10' height='10' fill='").append(color).append("'/>");
        sb.append("<text x='").append(W - RIGHT + 25).append("' y='").append(y).append("' font-size='11'>").append(escape(name)).append("</text>");
    }

    private static double px(double x, double minX, double maxX) {
        return LEFT + (x - minX) / (maxX - minX) * (W - LEFT - RIGHT);
    }

    private static double py(double y, double maxY) {
        return H - BOTTOM - y / maxY * (H - BOTTOM - TOP);
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
