package io.github.jobruntime.status;

import static io.github.jobruntime.testkit.Texts.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPageTest {

    private static final String XSS = "<script>alert(1)</script>";
    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");

    private final StatusPage page = new StatusPage("node042", "1.2.3");

    @Test
    void jobSuppliedTextIsEscaped() {
        StatusModel model = new StatusModel("Title " + XSS, 20);
        model.message("message " + XSS);
        model.log("log " + XSS);
        model.note("note " + XSS, "detail", NOW);
        model.finish(JobState.FAILED, "FAILED: " + XSS, NOW);

        String html = render(model);

        assertFalse(html.contains(XSS), html);
        assertFalse(html.contains("<script"), "no script at all on a page without controls");
        assertEquals(6, count(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), "title twice, message, log, note, result");
    }

    @Test
    void pageHasHeadUtf8MetaAndNoExternalUrl() {
        StatusModel model = new StatusModel("Solver", 20);
        model.running(NOW);
        model.progress(3, 10);
        model.log("see https://example.org/docs");

        String html = render(model);

        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<head>"), "the platform injects notify_running_job after <head>");
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        Pattern external = Pattern.compile("(src|href)\\s*=|url\\(|@import", Pattern.CASE_INSENSITIVE);
        assertFalse(external.matcher(html).find(), "self-contained: no external reference");
    }

    @Test
    void progressShowsPercentDoneAndTotal() {
        StatusModel model = new StatusModel("Solver", 20);
        model.running(NOW.minusSeconds(65));
        model.progress(1_500, 4_000);

        String html = render(model);

        assertTrue(html.contains("37.5%"), html);
        assertTrue(html.contains("1,500 / 4,000"), html);
        assertTrue(html.contains("width:37.5%"), html);
        assertTrue(html.contains("<meta name=\"job-progress\" content=\"1500/4000\">"), html);
        assertTrue(html.contains("1m 05s"), "elapsed: " + html);
    }

    @Test
    void percentFiguresAreWrittenInTheirShortestExactForm() {
        StatusModel model = new StatusModel("Solver", 20);
        model.running(NOW.minusSeconds(10));
        model.progress(68, 1000);

        String html = render(model);

        assertTrue(html.contains("data-jr=\"progress-percent\" data-value=\"6.8\""), "not 6.800000000000001: " + html);
    }

    @Test
    void aSuccessShortOfItsTotalSaysHowFarItWent() {
        StatusModel model = new StatusModel("rsync", 20);
        model.running(NOW.minusSeconds(10));
        model.progressPercent(60);
        model.finish(JobState.SUCCEEDED, "ok", NOW);

        String html = render(model);

        assertTrue(html.contains("<p class=\"message\">Ended at 60 % of the total.</p>"), html);
        assertEquals("at 60 % of the total", model.shortOfTotal());
    }

    @Test
    void decimalProgressShowsTheSolversOwnUnitsAndRatePerSecond() {
        StatusModel model = new StatusModel("icoFoam", 20);
        model.running(NOW.minusSeconds(10));
        model.progress(0.125, 0.5);

        String html = new String(page.render(model.snapshot(), NOW, 0.0125), StandardCharsets.UTF_8);

        assertTrue(html.contains("25.0%"), html);
        assertTrue(html.contains("0.125 / 0.5"), html);
        assertTrue(html.contains("<meta name=\"job-progress\" content=\"0.125/0.5\">"), html);
        assertTrue(html.contains("<span data-jr=\"rate\" data-value=\"0.0125\">0.0125/s</span>"),
                "rate in the solver's units per second: " + html);
        assertTrue(html.contains("<span data-jr=\"eta-seconds\" data-value=\"30\">30s</span>"),
                "time left, 0.375 at 0.0125/s: " + html);
    }

    @Test
    void finalPageShowsTheResult() {
        StatusModel model = new StatusModel("Solver", 20);
        model.running(NOW);
        model.finish(JobState.SUCCEEDED, "Done. I have waited 3 seconds.", NOW.plusSeconds(3));

        String html = render(model);

        assertTrue(html.contains("<meta name=\"job-state\" content=\"succeeded\">"), html);
        assertTrue(html.contains("Done. I have waited 3 seconds."), html);
        assertTrue(html.contains(">3s<"), "elapsed stops at the end: " + html);
    }

    @Test
    void pageSizeStaysBoundedHoweverMuchTheJobLogs() {
        StatusModel model = new StatusModel("x".repeat(100_000), 20);
        for (int i = 0; i < 10_000; i++) {
            model.log("line " + i + " " + "y".repeat(10_000));
            model.message("z".repeat(100_000));
        }
        model.finish(JobState.SUCCEEDED, "r".repeat(1_000_000), NOW);

        int size = render(model).length();

        assertTrue(size < 100_000, "page of " + size + " characters");
    }

    private String render(StatusModel model) {
        return new String(page.render(model.snapshot(), NOW, Double.NaN), StandardCharsets.UTF_8);
    }
}
