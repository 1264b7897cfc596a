package io.github.jobruntime.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.status.resources.Resources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The resources card: figures for people and for scripts, set against the limits, and its warnings. */
class StatusPage_ResourcesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private static final long GIB = 1L << 30;

    private final StatusPage page = new StatusPage("node042", "1.2.3");
    private final StatusModel model = new StatusModel("Solver", 20);

    private static Resources using(long rss, long limit) {
        return new Resources(1.974, 1.5, rss, rss + GIB, 12_345_678, 2048, 3, limit, "cgroup memory.max", 2,
                "cgroup cpu.max");
    }

    private String render(double rate) {
        return new String(page.render(model.snapshot(), NOW, rate), StandardCharsets.UTF_8);
    }

    private static String value(String html, String name) {
        Matcher m = Pattern.compile("data-jr=\"" + name + "\" data-value=\"([^\"]*)\">([^<]*)</span>").matcher(html);
        assertTrue(m.find(), name + " in " + html);
        return m.group(1) + " | " + m.group(2);
    }

    @Test
    void everyFigureIsThereForPeopleAndForScripts() {
        model.running(NOW.minusSeconds(60));
        model.progress(3, 8);
        model.resources(using(3 * GIB, 8 * GIB));
        model.wallTime(NOW.plus(Duration.ofMinutes(90)), "Slurm");

        String html = render(Double.NaN);

        assertEquals("1.97 | 1.97 cores", value(html, "cpu-cores"));
        assertEquals("1.50 | 1.50 cores", value(html, "cpu-mean-cores"));
        assertEquals("2.00 | 2.00 cores", value(html, "cpu-limit-cores"));
        assertEquals(3 * GIB + " | 3 GiB", value(html, "rss-bytes"));
        assertEquals(4 * GIB + " | 4 GiB", value(html, "rss-peak-bytes"));
        assertEquals(8 * GIB + " | 8 GiB", value(html, "memory-limit-bytes"));
        assertEquals("12345678 | 11.8 MiB", value(html, "read-bytes"));
        assertEquals("2048 | 2 KiB", value(html, "write-bytes"));
        assertEquals("5400 | 1 h 30 min", value(html, "walltime-left-s"));
        assertEquals("37.5 | 37.5%", value(html, "progress-percent"));
        assertTrue(html.contains("<section class=\"card resources\">"), html);
        assertTrue(html.contains("38 % of the limit"), html);
        assertTrue(html.indexOf("<h2>Progress</h2>") < html.indexOf("<h2>Resources</h2>"), "after the progress");
    }

    @Test
    void memoryAboveNinetyPercentOfItsLimitTurnsTheCardIntoAWarning() {
        model.running(NOW);
        model.resources(using(930 * GIB / 1000, GIB));

        String html = render(Double.NaN);

        assertTrue(html.contains("<section class=\"card resources warning\">"), html);
        assertTrue(html.contains("Memory is at 93 % of its limit (1 GiB, cgroup memory.max): the job may be stopped "
                + "for lack of memory."), html);
    }

    @Test
    void memoryAtNinetyPercentIsNoWarningYet() {
        model.running(NOW);
        model.resources(using(9 * GIB / 10, GIB));

        assertTrue(render(Double.NaN).contains("<section class=\"card resources\">"));
    }

    @Test
    void anEtaPastTheWallTimeLimitIsSaidPlainly() {
        model.running(NOW.minusSeconds(600));
        model.progress(100, 8_000);
        model.wallTime(NOW.plus(Duration.ofMinutes(90)), "--walltime");

        // 7900 left at 1/s: 2 h 12 min, 42 min past the 90 minutes left.
        String html = render(1.0);

        assertTrue(html.contains("<section class=\"card resources warning\">"), html);
        assertTrue(html.contains("At this rate the job needs about 2 h 12 min more, 42 min past its wall-time limit."),
                html);
    }

    @Test
    void anEtaWithinTheWallTimeIsNoWarning() {
        model.running(NOW.minusSeconds(600));
        model.progress(100, 1_000);
        model.wallTime(NOW.plus(Duration.ofMinutes(90)), "--walltime");

        String html = render(1.0);

        assertFalse(html.contains("past its wall-time limit"), html);
        assertTrue(html.contains("<section class=\"card resources\">"), html);
    }

    @Test
    void theFinalPageKeepsTheMeanAndThePeakAndDropsWhatIsOnlyLive() {
        model.running(NOW.minusSeconds(600));
        model.resources(using(930 * GIB / 1000, GIB));
        model.wallTime(NOW.plusSeconds(60), "Slurm");
        model.finish(JobState.SUCCEEDED, "done", NOW);

        String html = render(Double.NaN);

        assertTrue(html.contains("data-jr=\"cpu-mean-cores\"") && html.contains("data-jr=\"rss-peak-bytes\""), html);
        assertFalse(html.contains("data-jr=\"cpu-cores\"") || html.contains("data-jr=\"walltime-left-s\""), html);
        assertFalse(html.contains("resources warning") || html.contains("Memory is at"), "nothing to warn of: " + html);
    }

    @Test
    void noCardBeforeAnythingIsKnown() {
        model.running(NOW);

        assertFalse(render(Double.NaN).contains("Resources"));
    }
}
