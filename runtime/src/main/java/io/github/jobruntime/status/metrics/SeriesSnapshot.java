package io.github.jobruntime.status.metrics;

import java.time.Instant;

/**
 * A metric series as one render draws it.
 *
 * @param count  how many values the job reported, the x axis
 * @param stride point {@code i} is value number {@code i * stride} (from 0), except the last point, which is
 *               the latest value, number {@code count - 1}
 * @param points at least one, at most {@link MetricSeries#MAX_POINTS}; never changed after construction
 * @param min    the smallest of all values reported, kept or not
 * @param max    the largest of all values reported, kept or not
 */
@SuppressWarnings("ArrayRecordComponent") // one render's points, never compared: pages compare versions
record SeriesSnapshot(String name, long count, long stride, double[] points, Instant latestAt, double min,
        double max) {

    double latest() {
        return points[points.length - 1];
    }

    /** {@return whether the chart's y axis is log10: all values positive and more than two decades apart} */
    boolean logScale() {
        return min > 0 && max / min > 100;
    }
}
