package io.github.jobruntime.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.status.card.Formats;
import io.github.jobruntime.status.metrics.MetricsCard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPage_MetricsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private static final Pattern POLYLINE = Pattern.compile("<polyline points=\"([^\"]*)\"/>");

    private final StatusPage page = new StatusPage("node042", "1.2.3");
    private final StatusModel model = new StatusModel("Solver", 20);

    // given

    private void report(String name, double... values) {
        for (double value : values) {
            model.metric(name, value, NOW);
        }
    }

    // then

    private String render() {
        return new String(page.render(model.snapshot(), NOW, Double.NaN), StandardCharsets.UTF_8);
    }

    private static List<String> polylines(String html) {
        return POLYLINE.matcher(html).results().map(m -> m.group(1)).toList();
    }

    private static String chartOf(String html, String name) {
        Matcher m = Pattern.compile("<figure class=\"chart\">\\s*<figcaption><strong>" + Pattern.quote(name)
                + "</strong>.*?</figure>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "no chart " + name + " in " + html);
        return m.group();
    }

    @Test
    void seriesIsAnInlineSvgPolylineThroughItsPoints() {
        report("temperature", 0, 10, 5);

        String html = render();

        assertEquals(List.of("44,114 220,6 396,60"), polylines(html), "x from first to latest, y from min to max");
        String chart = chartOf(html, "temperature");
        assertTrue(chart.contains("<svg viewBox=\"0 0 400 120\""), chart);
        assertTrue(chart.contains("<circle cx=\"396\" cy=\"60\""), "marker on the latest value: " + chart);
        assertTrue(chart.contains("<span class=\"latest\">5</span> <span class=\"at\">at "), chart);
        assertTrue(chart.contains("min 0 · max 10 · 3 values"), chart);
        assertFalse(chart.contains("log₁₀"), chart);
    }

    @Test
    void chartsAreSelfContained() {
        report("residual", 1, 0.5, 0.25);

        String html = render();

        assertFalse(Pattern.compile("(src|href)\\s*=|url\\(|@import|<script", Pattern.CASE_INSENSITIVE)
                .matcher(html).find(), html);
    }

    @Test
    void residualsOverMoreThanTwoDecadesGetALogAxisWithDecadeLines() {
        report("residual", 1, 1e-1, 1e-2, 1e-3, 1e-4, 1.23e-5);

        String chart = chartOf(render(), "residual");

        assertTrue(chart.contains("log₁₀ scale"), chart);
        assertTrue(chart.contains("<span class=\"latest\">1.23e-5</span>"), chart);
        assertTrue(chart.contains("min 1.23e-5 · max 1 · 6 values"), chart);
        assertTrue(chart.contains(">1e-3</text>"), chart);
        assertTrue(chart.contains(">1</text>"), chart);
        // On a log axis the decades are evenly spaced: the points fall on a straight line until the last one.
        String[] points = polylines(chart).get(0).split(" ", -1);
        assertEquals("44,6", points[0]);
        assertEquals("396,114", points[5]);
    }

    @Test
    void valuesWithinTwoDecadesOrNotAllPositiveStayLinear() {
        report("cfl", 0.5, 0.9, 0.05);
        report("lift", -2, 3000, 0.001);

        String html = render();

        assertFalse(html.contains("log₁₀"), html);
        assertTrue(chartOf(html, "lift").contains("min -2 · max 3000 · 3 values"), html);
    }

    @Test
    void aSingleValueOrAFlatSeriesIsAFlatLineInTheMiddle() {
        report("one", 42);
        report("flat", 7, 7, 7);

        String html = render();

        assertEquals(List.of("44,60", "44,60 220,60 396,60"), polylines(html));
        assertTrue(chartOf(html, "one").contains("1 value<"), html);
    }

    @Test
    void valuesAreFormattedCompactly() {
        assertEquals("1.23e-5", Formats.compact(1.2345e-5));
        assertEquals("-4.5e7", Formats.compact(-4.5e7));
        assertEquals("1e5", Formats.compact(1e5));
        assertEquals("0.01235", Formats.compact(0.0123456));
        assertEquals("1235", Formats.compact(1234.5));
        assertEquals("0.1", Formats.compact(0.1));
        assertEquals("0", Formats.compact(-0.0));
    }

    @Test
    void aLongRunDrawsAtMost500PointsFromTheFirstToTheLatest() {
        for (int i = 0; i < 1_000_000; i++) {
            model.metric("residual", 1.0 / (i + 1), NOW);
        }

        String chart = chartOf(render(), "residual");

        String[] points = polylines(chart).get(0).split(" ", -1);
        assertTrue(points.length <= 500, points.length + " points");
        assertEquals("44,6", points[0], "the first value, the largest");
        assertEquals("396,114", points[points.length - 1], "the latest value, the smallest");
        assertTrue(chart.contains("1,000,000 values"), chart);
        assertTrue(chart.contains("<span class=\"latest\">1e-6</span>"), chart);
    }

    @Test
    void namesAreEscaped() {
        String name = "<script>alert(1)</script>\"'&";
        report(name, 1, 2);

        String html = render();

        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("<strong>&lt;script&gt;alert(1)&lt;/script&gt;\"'&amp;</strong>"), html);
        assertTrue(html.contains("aria-label=\"&lt;script>alert(1)&lt;/script>&#34;&#39;&amp;\""), html);
    }

    @Test
    void nanAndInfinitiesAreIgnored() {
        report("residual", Double.NaN, 1, Double.POSITIVE_INFINITY, 2, Double.NEGATIVE_INFINITY);
        report("never", Double.NaN);

        String html = render();

        assertTrue(chartOf(html, "residual").contains("min 1 · max 2 · 2 values"), html);
        assertFalse(html.contains("never"), html);
    }

    @Test
    void seriesBeyondTheSixteenthAreIgnored() {
        for (int i = 1; i <= 20; i++) {
            report("series " + i, i);
        }
        report("series 3", 33);

        String html = render();

        assertEquals(MetricsCard.MAX_SERIES, polylines(html).size());
        assertTrue(html.contains("<strong>series 16</strong>"), html);
        assertFalse(html.contains("<strong>series 17</strong>"), html);
        assertTrue(chartOf(html, "series 3").contains("2 values"), "known series still take values: " + html);
    }

    @Test
    void aBlankNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> report(" ", 1));

        assertTrue(e.getMessage().contains("metric name must not be blank"), e.getMessage());
    }

    @Test
    void aNewValueChangesThePage() {
        report("residual", 1);
        StatusSnapshot before = model.snapshot();

        report("residual", 0.5);

        assertFalse(model.snapshot().sameContent(before), "the reporter rewrites the page on its next tick");
    }

    @Test
    void pageSizeStaysBoundedWithEverySeriesFull() {
        for (int s = 0; s < 40; s++) {
            String name = "series " + s + " " + "n".repeat(100_000);
            for (int i = 0; i < 100_000; i++) {
                model.metric(name, Math.sin(i) * Math.exp(-i * 1e-4) * 1e-3, NOW);
            }
        }

        int size = render().length();

        assertTrue(size < 250_000, "page of " + size + " characters");
    }
}
