package io.github.jobruntime.status;

import static io.github.jobruntime.testkit.Texts.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.Control;
import io.github.jobruntime.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The page's buttons (app-declared controls) and its list of received control messages. */
class StatusPage_ControlsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private static final Pattern BUTTON = Pattern.compile("<button type=\"button\" data-message=\"([^\"]*)\" "
            + "data-confirm=\"([^\"]*)\" onclick=\"jobRuntimeControl\\(this\\)\">([^<]*)</button>");
    private static final Pattern ROW = Pattern.compile("<tr>.*?</tr>");

    private final StatusPage page = new StatusPage("node042", "1.2.3");

    // given

    private static StatusModel running(Control... controls) {
        StatusModel model = new StatusModel("Solver", 20);
        model.controls(List.of(controls));
        model.running(NOW);
        return model;
    }

    // when

    private String render(StatusModel model) {
        return new String(page.render(model.snapshot(), NOW.plusSeconds(5), Double.NaN), StandardCharsets.UTF_8);
    }

    // then

    /** Each button's message and confirmation as the browser hands them to the page's script. */
    private static List<List<String>> buttons(String html) {
        List<List<String>> found = new ArrayList<>();
        Matcher m = BUTTON.matcher(html);
        while (m.find()) {
            found.add(List.of(decodeCharacterReferences(m.group(1)), decodeCharacterReferences(m.group(2)),
                    m.group(3)));
        }
        return found;
    }

    @Test
    void eachControlIsAButtonThatDisablesItselfAndNotifiesTheRunningJob() {
        String html = render(running(new Control("Abort", "ABORT", "Really abort the waiting?"),
                new Control("Checkpoint now", "CHECKPOINT")));

        assertEquals(2, count(html, "<button"), html);
        assertEquals(List.of(List.of("ABORT", "Really abort the waiting?", "Abort"),
                List.of("CHECKPOINT", "", "Checkpoint now")), buttons(html));
        assertTrue(html.contains("button.disabled = true;"), html);
        assertTrue(html.contains("notify_running_job(button.getAttribute('data-message'));"), html);
    }

    @Test
    void aConfirmationIsAskedOnThePageNeverInAModalDialog() {
        String html = render(running(new Control("Abort", "ABORT", "Really abort the waiting?")));

        assertTrue(html.contains("button.textContent = 'Click again to ' + label.toLowerCase();"), html);
        assertTrue(html.contains("<span class=\"confirm\" role=\"status\" aria-live=\"polite\"></span>"), html);
        for (String modal : List.of("confirm(", "alert(", "prompt(")) {
            assertFalse(html.contains(modal), modal + " in " + html);
        }
    }

    @Test
    void quotesBackslashAnglesAndNewlineInAMessageReachTheJobAsWrittenAndCannotBreakOutOfTheAttribute() {
        String message = "SAY it's \"<b>\" \\ done";
        String confirmation = "Sure? it's \"<i>\" \\\nreally</script>";

        String html = render(running(new Control("Say", message, confirmation)));

        assertEquals(List.of(List.of(message, confirmation, "Say")), buttons(html), html);
        assertFalse(html.contains("really</script>"), html);
        assertEquals(1, count(html, "</script>"), "only the controls' own script: " + html);
    }

    @Test
    void characterReferencesInAMessageReachTheJobAsWritten() {
        // The browser decodes &#39; and the like in an attribute before the script reads it.
        String message = "ABORT &#39;);alert(1);// &#x27; &apos; &quot; &amp;";
        String confirmation = "Save &amp; quit? It&#39;s late";

        String html = render(running(new Control("Abort", message, confirmation)));

        assertEquals(List.of(List.of(message, confirmation, "Abort")), buttons(html), html);
    }

    @Test
    void controlLabelIsHtmlEscaped() {
        String html = render(running(new Control("<b>Stop</b> & \"go\"", "ABORT")));

        assertTrue(html.contains(">&lt;b&gt;Stop&lt;/b&gt; &amp; \"go\"</button>"), html);
        assertFalse(html.contains("<b>Stop"), html);
    }

    @ParameterizedTest
    @EnumSource(value = JobState.class, names = {"SUCCEEDED", "FAILED", "ABORTED", "CANCELLED"})
    void finalPageHasNoButtonAndNoNotifyRunningJob(JobState terminal) {
        StatusModel model = running(new Control("Abort", "ABORT", "Really abort?"), new Control("Ping", "PING"));
        model.received(NOW.plusSeconds(1), "ABORT", "acknowledged", "");
        model.finish(terminal, terminal + ": done", NOW.plusSeconds(2));

        String html = render(model);

        assertTrue(html.contains("<meta name=\"job-state\" content=\"" + terminal.name().toLowerCase(Locale.ROOT)
                + "\">"), html);
        assertFalse(html.contains("<button"), html);
        assertFalse(html.contains("notify_running_job"), html);
        assertFalse(html.contains("onclick"), html);
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("<code>ABORT</code>"), "received messages stay listed: " + html);
    }

    @Test
    void runningPageWithoutControlsHasNoButton() {
        String html = render(running());

        assertFalse(html.contains("<button"), html);
        assertFalse(html.contains("notify_running_job"), html);
    }

    @Test
    void receivedMessagesAreListedWithTimeEscapedMessageAndOutcome() {
        StatusModel model = running();
        Instant first = NOW.plusSeconds(1);
        Instant second = NOW.plusSeconds(2);
        Instant third = NOW.plusSeconds(3);
        model.received(first, "CHECKPOINT now", "acknowledged", "");
        model.received(second, "PING <script>alert('x')</script>", "ignored", "unknown command");
        model.received(third, "SAVE state.bin", "failed", "no space left on <scratch>");

        String html = render(model);

        assertTrue(html.contains("<h2>Messages received</h2>"), html);
        assertEquals(List.of(
                "<tr><td class=\"time\">" + clock(first) + "</td><td><code>CHECKPOINT now</code></td>"
                        + "<td><span class=\"outcome acknowledged\">acknowledged</span></td></tr>",
                "<tr><td class=\"time\">" + clock(second) + "</td>"
                        + "<td><code>PING &lt;script&gt;alert('x')&lt;/script&gt;</code></td>"
                        + "<td><span class=\"outcome ignored\">ignored</span> unknown command</td></tr>",
                "<tr><td class=\"time\">" + clock(third) + "</td><td><code>SAVE state.bin</code></td>"
                        + "<td><span class=\"outcome failed\">failed</span> no space left on &lt;scratch&gt;</td></tr>"),
                rows(html));
        assertFalse(html.contains("<script"), html);
    }

    @Test
    void identicalMessagesInARowTakeOneLineWithTheirCountSoTheListStillShowsWhatCameAfter() {
        StatusModel model = running();
        model.received(NOW, "PING", "acknowledged", "");
        for (int i = 1; i <= 1_000_000; i++) {
            model.received(NOW.plusSeconds(1), "NOISE", "ignored", "unknown command");
        }
        Instant last = NOW.plusSeconds(2);
        model.received(last, "ABORT", "acknowledged", "");

        List<String> rows = rows(render(model));

        assertEquals(3, rows.size(), rows::toString);
        assertEquals("<tr><td class=\"time\">" + clock(NOW.plusSeconds(1)) + "</td><td><code>NOISE</code> "
                + "<span class=\"repeats\">×1,000,000</span></td>"
                + "<td><span class=\"outcome ignored\">ignored</span> unknown command</td></tr>", rows.get(1));
        assertEquals("<tr><td class=\"time\">" + clock(last) + "</td><td><code>ABORT</code></td>"
                + "<td><span class=\"outcome acknowledged\">acknowledged</span></td></tr>", rows.get(2));
    }

    @Test
    void theSameMessageWithAnotherOutcomeIsListedApart() {
        StatusModel model = running();
        model.received(NOW, "SAVE", "acknowledged", "");
        model.received(NOW, "SAVE", "failed", "disk full");
        model.received(NOW, "SAVE", "failed", "disk full");

        List<String> rows = rows(render(model));

        assertEquals(2, rows.size(), rows::toString);
        assertTrue(rows.get(1).contains("<code>SAVE</code> <span class=\"repeats\">×2</span>"), rows.get(1));
    }

    @Test
    void atMostTheTenNewestReceivedMessagesAreListed() {
        StatusModel model = running();
        for (int i = 1; i <= 25; i++) {
            model.received(NOW.plusSeconds(i), "MSG " + i, "ignored", "unknown command");
        }

        String html = render(model);

        List<String> rows = rows(html);
        assertEquals(10, rows.size(), html);
        assertTrue(rows.get(0).contains("<code>MSG 16</code>"), rows.get(0));
        assertTrue(rows.get(9).contains("<code>MSG 25</code>"), rows.get(9));
        assertFalse(html.contains("<code>MSG 15</code>"), html);
    }

    @Test
    void pageWithoutReceivedMessagesHasNoMessageList() {
        String html = render(running(new Control("Abort", "ABORT")));

        assertFalse(html.contains("Messages received"), html);
        assertFalse(html.contains("<table"), html);
    }

    private static List<String> rows(String html) {
        List<String> rows = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            rows.add(m.group());
        }
        return rows;
    }

    private static String clock(Instant at) {
        return LocalTime.ofInstant(at, ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("HH:mm:ss"));
    }

    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);");

    private static String decodeCharacterReferences(String attribute) {
        Matcher m = REFERENCE.matcher(attribute);
        StringBuilder decoded = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            int code = switch (name) {
                case "amp" -> '&';
                case "lt" -> '<';
                case "gt" -> '>';
                case "quot" -> '"';
                case "apos" -> '\'';
                default -> name.charAt(1) == 'x' || name.charAt(1) == 'X'
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1));
            };
            m.appendReplacement(decoded, Matcher.quoteReplacement(Character.toString(code)));
        }
        m.appendTail(decoded);
        return decoded.toString();
    }
}
