package io.github.jobruntime.status.metrics;

import java.time.Instant;
import java.util.Arrays;

/**
 * One numeric series of the page, bounded however long the job runs: value number {@code i * stride} is kept
 * for every {@code i}; when the buffer is full every second kept value goes and the stride doubles, so the
 * kept values stay evenly spread over the whole run. The first and the latest value are always exact, and
 * count, min and max cover every value. {@link #add} allocates nothing and costs O(1) amortized.
 * Not thread-safe: the page's lock guards it ({@link MetricsCard}).
 */
final class MetricSeries {

    /** Most points one chart draws: the kept values and the latest. */
    static final int MAX_POINTS = 500;

    private final String name;
    private final double[] kept = new double[MAX_POINTS];
    private int size;
    /** A power of two, so the test for "is this value kept" is a mask. */
    private long stride = 1;
    private long count;
    private double latest;
    private Instant latestAt;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    MetricSeries(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** @param value a finite number */
    void add(double value, Instant at) {
        if ((count & (stride - 1)) == 0) {
            kept[size++] = value;
            if (size == kept.length) {
                thin();
            }
        }
        count++;
        latest = value;
        latestAt = at;
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    /** Keeps the values at even positions: every kept value number is then a multiple of the doubled stride. */
    private void thin() {
        int half = (size + 1) / 2;
        for (int i = 1; i < half; i++) {
            kept[i] = kept[2 * i];
        }
        size = half;
        stride <<= 1;
    }

    /** {@return a copy for one render; the latest value is appended when it is not a kept one} */
    SeriesSnapshot snapshot() {
        boolean latestKept = (size - 1) * stride == count - 1;
        double[] points = Arrays.copyOf(kept, latestKept ? size : size + 1);
        points[points.length - 1] = latest;
        return new SeriesSnapshot(name, count, stride, points, latestAt, min, max);
    }
}
