package io.github.jobruntime.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
    private static final Pattern ONCLICK = Pattern.compile("<button type=\"button\" onclick=\"([^\"]*)\">");
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

    private static List<String> onclicks(String html) {
        List<String> found = new ArrayList<>();
        Matcher m = ONCLICK.matcher(html);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void eachControlIsAButtonThatDisablesItselfAndNotifiesTheRunningJob() {
        String html = render(running(new Control("Abort", "ABORT", "Really abort the waiting?"),
                new Control("Checkpoint now", "CHECKPOINT")));

        assertEquals(2, count(html, "<button"), html);
        assertTrue(html.contains("<button type=\"button\" onclick=\"if(confirm('Really abort the waiting?'))"
                + "{this.disabled=true;notify_running_job('ABORT')}\">Abort</button>"), html);
        assertTrue(html.contains("<button type=\"button\" onclick=\"this.disabled=true;"
                + "notify_running_job('CHECKPOINT')\">Checkpoint now</button>"), html);
        assertTrue(html.indexOf(">Abort</button>") < html.indexOf(">Checkpoint now</button>"), "declared order");
    }

    @Test
    void quotesBackslashAnglesAndNewlineInAMessageCannotBreakOutOfTheJsStringOrTheAttribute() {
        String message = "SAY it's \"<b>\" \\ done";
        String confirmation = "Sure? it's \"<i>\" \\\nreally</script>";

        String html = render(running(new Control("Say", message, confirmation)));

        List<String> onclicks = onclicks(html);
        assertEquals(1, onclicks.size(), html);
        assertEquals("if(confirm('Sure? it\\x27s \\x22<i>\\x22 \\\\\\nreally</script>'))"
                + "{this.disabled=true;notify_running_job('SAY it\\x27s \\x22<b>\\x22 \\\\ done')}", onclicks.get(0));
        assertTrue(html.contains("\">Say</button>"), "the attribute ends where the template ends it: " + html);
        assertEquals(List.of(confirmation), jsStrings(onclicks.get(0), "confirm("));
        assertEquals(List.of(message), jsStrings(onclicks.get(0), "notify_running_job("));
    }

    @Test
    void characterReferencesInAMessageReachTheJobAsWrittenAndCannotEndTheJsString() {
        // The browser decodes &#39; and the like in an attribute before it runs the handler.
        String message = "ABORT &#39;);alert(1);// &#x27; &apos; &quot; &amp;";
        String confirmation = "Save &amp; quit? It&#39;s late";

        String html = render(running(new Control("Abort", message, confirmation)));

        String onclick = onclicks(html).get(0);
        assertEquals(List.of(confirmation), jsStrings(onclick, "confirm("));
        assertEquals(List.of(message), jsStrings(onclick, "notify_running_job("));
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

    /**
     * What the browser hands to JavaScript for each single-quoted string argument of {@code call}: the attribute
     * value with its character references decoded, then the JS string literal with its escapes resolved. Fails
     * when a quote ends the literal before the call's closing parenthesis, i.e. when text breaks out.
     */
    private static List<String> jsStrings(String attribute, String call) {
        String script = decodeCharacterReferences(attribute);
        List<String> strings = new ArrayList<>();
        for (int at = script.indexOf(call + "'"); at >= 0; at = script.indexOf(call + "'", at + 1)) {
            int i = at + call.length() + 1;
            StringBuilder text = new StringBuilder();
            while (true) {
                if (i >= script.length()) {
                    fail("unterminated JS string in: " + script);
                }
                char c = script.charAt(i++);
                if (c == '\'') {
                    break;
                }
                if (c == '\n' || c == '\r') {
                    fail("raw line break inside a JS string in: " + script);
                }
                if (c != '\\') {
                    text.append(c);
                    continue;
                }
                char e = script.charAt(i++);
                switch (e) {
                    case 'x' -> {
                        text.append((char) Integer.parseInt(script.substring(i, i + 2), 16));
                        i += 2;
                    }
                    case 'u' -> {
                        text.append((char) Integer.parseInt(script.substring(i, i + 4), 16));
                        i += 4;
                    }
                    case 'n' -> text.append('\n');
                    case 'r' -> text.append('\r');
                    case 't' -> text.append('\t');
                    case 'b' -> text.append('\b');
                    case 'f' -> text.append('\f');
                    default -> text.append(e);
                }
            }
            if (i >= script.length() || script.charAt(i) != ')') {
                fail("the JS string ended early, the rest runs as code: " + script.substring(i) + " in: " + script);
            }
            strings.add(text.toString());
        }
        return strings;
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

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
