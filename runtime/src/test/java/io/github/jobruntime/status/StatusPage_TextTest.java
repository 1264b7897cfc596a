package io.github.jobruntime.status;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.status.card.PageText;
import io.github.jobruntime.status.log.LogCard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What text from the job looks like on the page, and how much of it there can be. */
class StatusPage_TextTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");

    private final StatusPage page = new StatusPage("node042", "1.2.3");

    @Test
    void terminalEscapesAndControlCharactersNeverReachThePage() {
        StatusModel model = new StatusModel("Solver", 20);
        model.running(NOW);
        model.log("\u001B[31mERROR\u001B[0m mesh\u0007 bad");
        model.message("\u001B]0;title\u0007Phase:\u001B[1m meshing\u001B[0m");
        model.received(NOW, "\u001B[2KPING\u0000", "acknowledged", "\u001B[1mdone\u001B[0m");

        String html = render(model);

        assertFalse(html.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\t'), "no control characters");
        assertTrue(html.contains("ERROR mesh bad"), html);
        assertTrue(html.contains("Phase: meshing"), html);
        assertTrue(html.contains("PING"), html);
        assertFalse(html.contains("[31m") || html.contains("[2K") || html.contains("]0;"), html);
    }

    @Test
    void logTailOfMarkupHeavyLinesStaysUnderItsByteBudgetOnceEscaped() {
        StatusModel model = new StatusModel("Solver", 1000);
        model.running(NOW);
        for (int i = 0; i < 1000; i++) {
            model.log(i + " " + "<".repeat(3000));
        }

        String html = render(model);
        int bytes = html.getBytes(StandardCharsets.UTF_8).length;

        assertTrue(bytes < LogCard.MAX_TAIL_BYTES + 64 * 1024, "page of " + bytes + " bytes");
        assertTrue(html.contains("999 &lt;&lt;"), "the newest line stays");
        assertFalse(html.contains(">0 &lt;&lt;"), "the oldest lines leave first");
    }

    @Test
    void logTailOfPlainLinesKeepsAllItsLines() {
        StatusModel model = new StatusModel("Solver", 1000);
        for (int i = 0; i < 1000; i++) {
            model.log("line " + i + " " + "y".repeat(100));
        }

        String html = render(model);

        assertTrue(html.contains("line 0 y") && html.contains("line 999 y"), "1000 lines of 110 bytes fit");
    }

    @ParameterizedTest(name = "{0} log lines")
    @ValueSource(ints = {20, 1000})
    void longLinesAreCutAfterTheirEscapesAreRemovedWhateverTheTailLength(int logLines) {
        StatusModel model = new StatusModel("Solver", logLines);
        String coloured = "\u001B[32m".repeat(400) + "x".repeat(PageText.MAX_TEXT - 10) + "END";
        model.log(coloured);
        model.log("y".repeat(PageText.MAX_TEXT) + "CUT");

        String html = render(model);

        assertTrue(html.contains("x".repeat(PageText.MAX_TEXT - 10) + "END"), "escapes do not count");
        assertTrue(html.contains("y".repeat(PageText.MAX_TEXT) + " …"), "cut at its longest");
        assertFalse(html.contains("CUT") || html.contains("[32m"), html);
    }

    private String render(StatusModel model) {
        return new String(page.render(model.snapshot(), NOW, Double.NaN), StandardCharsets.UTF_8);
    }
}
