package io.github.jobruntime.status.metrics;

import io.github.jobruntime.status.card.Formats;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays a metric series out as a small SVG line chart: the points of a {@code <polyline>}, grid lines with their
 * values, and the texts around the chart. Coordinates are rounded to one decimal, which keeps a 500-point chart
 * near 5 KB.
 */
final class Charts {

    private static final String VIEW_BOX = "0 0 400 120";
    private static final double LEFT = 44;
    private static final double RIGHT = 396;
    private static final double TOP = 6;
    private static final double BOTTOM = 114;
    private static final String LABEL_X = "40";
    /** Grid lines of a log axis at most; with more decades, every second or third decade is drawn. */
    private static final int MAX_DECADE_LINES = 6;

    private Charts() {
    }

    /**
     * A metric series as an SVG line chart, every coordinate in those of its {@code viewBox}.
     *
     * @param points  the {@code <polyline>} points, {@code x,y x,y …}
     * @param latestX where the marker of the latest value goes
     * @param grid    the {@code <path>} of the horizontal grid lines
     * @param labels  the values at the grid lines
     */
    record Chart(String name, String latest, String latestAt, String min, String max, String count, boolean logScale,
            String viewBox, String points, String latestX, String latestY, String grid, List<Label> labels) {

        Chart {
            labels = List.copyOf(labels);
        }
    }

    /** A text in a chart, right-aligned at {@code x}, centred on {@code y}. */
    record Label(String x, String y, String text) {
    }

    static Chart chart(SeriesSnapshot series) {
        boolean log = series.logScale();
        double low = log ? Math.log10(series.min()) : series.min();
        double high = log ? Math.log10(series.max()) : series.max();
        double[] points = series.points();
        // One value, or all equal: a flat line in the middle.
        double yScale = high > low ? (BOTTOM - TOP) / (high - low) : 0;
        double xScale = series.count() > 1 ? (RIGHT - LEFT) / (series.count() - 1) : 0;

        StringBuilder polyline = new StringBuilder(points.length * 11);
        long previous = -1;
        double x = LEFT;
        double y = BOTTOM;
        for (int i = 0; i < points.length; i++) {
            long n = i == points.length - 1 ? series.count() - 1 : i * series.stride();
            x = LEFT + n * xScale;
            y = y(log ? Math.log10(points[i]) : points[i], low, yScale);
            long tenths = Math.round(x * 10) << 32 | Math.round(y * 10);
            if (tenths == previous) {
                continue; // the same spot as the point before: it would only make the page bigger
            }
            previous = tenths;
            if (polyline.length() > 0) {
                polyline.append(' ');
            }
            appendTenths(polyline, x).append(',');
            appendTenths(polyline, y);
        }

        List<Label> labels = new ArrayList<>();
        StringBuilder grid = new StringBuilder();
        if (log) {
            int first = (int) Math.ceil(low);
            int last = (int) Math.floor(high);
            int step = (last - first) / MAX_DECADE_LINES + 1;
            for (int decade = first; decade <= last; decade += step) {
                gridLine(grid, labels, y(decade, low, yScale), decade == 0 ? "1" : "1e" + decade);
            }
        } else {
            gridLine(grid, labels, y(high, low, yScale), Formats.compact(series.max()));
            if (yScale != 0) {
                gridLine(grid, labels, BOTTOM, Formats.compact(series.min()));
            }
        }
        return new Chart(series.name(), Formats.compact(series.latest()), Formats.clock(series.latestAt()),
                Formats.compact(series.min()), Formats.compact(series.max()),
                Formats.count(series.count()) + (series.count() == 1 ? " value" : " values"), log, VIEW_BOX,
                polyline.toString(), tenths(x), tenths(y), grid.toString(), labels);
    }

    /** Height of a value, or the middle when all values are equal. */
    private static double y(double value, double low, double yScale) {
        return yScale == 0 ? (TOP + BOTTOM) / 2 : BOTTOM - (value - low) * yScale;
    }

    private static void gridLine(StringBuilder path, List<Label> labels, double y, String text) {
        String at = tenths(y);
        path.append('M').append(tenths(LEFT)).append(' ').append(at).append('H').append(tenths(RIGHT));
        labels.add(new Label(LABEL_X, at, text));
    }

    private static String tenths(double coordinate) {
        return appendTenths(new StringBuilder(6), coordinate).toString();
    }

    /** Appends a non-negative coordinate with at most one decimal, without String.format's cost. */
    private static StringBuilder appendTenths(StringBuilder out, double coordinate) {
        long tenths = Math.round(coordinate * 10);
        out.append(tenths / 10);
        if (tenths % 10 != 0) {
            out.append('.').append(tenths % 10);
        }
        return out;
    }
}
