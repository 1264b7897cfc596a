package io.github.jobruntime.status.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetricSeriesTest {

    private static final Instant AT = Instant.parse("2026-11-21T10:15:30Z");

    private static SeriesSnapshot seriesOf(int values) {
        MetricSeries series = new MetricSeries("residual");
        for (int i = 0; i < values; i++) {
            series.add(i, AT);
        }
        return series.snapshot();
    }

    @Test
    void fewValuesAreAllKept() {
        SeriesSnapshot series = seriesOf(3);

        assertEquals(3, series.count());
        assertEquals(3, series.points().length);
        assertEquals(2.0, series.latest());
        assertEquals(0.0, series.min());
        assertEquals(2.0, series.max());
    }

    @Test
    void aMillionValuesKeepAtMost500EvenlySpreadPointsWithTheFirstAndTheLatestExact() {
        SeriesSnapshot series = seriesOf(1_000_000);

        double[] points = series.points();
        assertTrue(points.length <= MetricSeries.MAX_POINTS, points.length + " points");
        assertTrue(points.length > MetricSeries.MAX_POINTS / 2, points.length + " points");
        assertEquals(1_000_000, series.count());
        assertEquals(0.0, points[0], "the first value");
        assertEquals(999_999.0, points[points.length - 1], "the latest value");
        for (int i = 0; i < points.length - 1; i++) {
            assertEquals((double) i * series.stride(), points[i], "point " + i + " is value number i * stride");
        }
        assertEquals(0.0, series.min());
        assertEquals(999_999.0, series.max());
    }

    @Test
    void everyCountFromOneToSomeThousandsStaysWithinTheBound() {
        MetricSeries series = new MetricSeries("residual");
        series.add(0, AT);
        for (int latest = 1; latest < 5_000; latest++) {
            series.add(latest, AT);
            SeriesSnapshot snapshot = series.snapshot();
            double[] points = snapshot.points();
            assertTrue(points.length <= MetricSeries.MAX_POINTS, points.length + " points up to " + latest);
            assertEquals(latest, points[points.length - 1], "the latest value");
            long keptBefore = (latest - 1) / snapshot.stride() * snapshot.stride();
            assertEquals((double) keptBefore, points[points.length - 2], "no gap before the latest, up to " + latest);
        }
    }

    @Test
    void minAndMaxCoverValuesThatWereThinnedAway() {
        MetricSeries series = new MetricSeries("residual");
        series.add(1, AT);
        series.add(-7, AT); // value number 1: gone at the first thinning
        series.add(9, AT);
        for (int i = 0; i < 10_000; i++) {
            series.add(1, AT);
        }

        SeriesSnapshot snapshot = series.snapshot();

        assertEquals(-7.0, snapshot.min());
        assertEquals(9.0, snapshot.max());
    }

    @Test
    void logScaleOnlyForPositiveValuesSpanningMoreThanTwoDecades() {
        assertTrue(snapshot(1, 1e-6).logScale());
        assertEquals(false, snapshot(1, 0.01).logScale(), "exactly two decades");
        assertEquals(false, snapshot(0, 1e-6).logScale(), "zero");
        assertEquals(false, snapshot(-1, 1e-6).logScale(), "negative");
    }

    private static SeriesSnapshot snapshot(double... values) {
        MetricSeries series = new MetricSeries("residual");
        for (double value : values) {
            series.add(value, AT);
        }
        return series.snapshot();
    }
}
