package io.github.jobruntime.test;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reading of {@code status.html}, as the platform fetched it: the machine-readable state, progress and figures
 * the runtime puts in the page (read by {@link Platform.Page}), the key figures, the current message, and the text a
 * person sees.
 */
public final class StatusPage {

    private static final Pattern FACTS =
            Pattern.compile("<section class=\"card facts\">(.*?)</section>", Pattern.DOTALL);
    private static final Pattern FACT =
            Pattern.compile("<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td></tr>", Pattern.DOTALL);
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|quot|amp|#\\d+|#[xX]\\p{XDigit}+);");
    private static final Pattern CONTROL = Pattern.compile("<button [^>]*?data-message=\"([^\"]*)\"");
    private static final Pattern MESSAGE = Pattern.compile("<p class=\"message\">(.*?)</p>", Pattern.DOTALL);
    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(style|script)\\b.*?</\\1>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    private final Platform.Page page;

    /** The reading of {@code html}, the page as written, or {@code ""} while there is none. */
    public StatusPage(String html) {
        this(Platform.Page.parse(html));
    }

    StatusPage(Platform.Page page) {
        this.page = page;
    }

    /** {@return the page as written, or {@code ""} while there is none} */
    public String html() {
        return page.html();
    }

    /** {@return the page's machine-readable parts, as the runtime's API reads them} */
    public Platform.Page parsed() {
        return page;
    }

    /** {@return whether the job has written a page yet} */
    public boolean exists() {
        return page.exists();
    }

    /** {@return the state the page shows, empty while there is no page} */
    public Optional<JobState> state() {
        return page.state();
    }

    /**
     * {@return the work done that the page shows, or -1 when it shows none} A whole number for a job that reports
     * whole units ({@code assertEquals(3, page.done())}); decimal for progress such as simulated time.
     */
    public double done() {
        return page.done().orElse(-1);
    }

    /** {@return the total work that the page shows, 0 or less when it is unknown, -1 when there is no page} */
    public double total() {
        return page.total().orElse(-1);
    }

    /**
     * {@return the key figures the page shows ({@code ctx.fact(name, value)}, run mode's {@code --fact}), name to
     * value as a person reads them, in the page's order; empty when it shows none}
     */
    public Map<String, String> facts() {
        Matcher table = FACTS.matcher(page.html());
        if (!table.find()) {
            return Map.of();
        }
        Map<String, String> facts = new LinkedHashMap<>();
        Matcher row = FACT.matcher(table.group(1));
        while (row.find()) {
            facts.put(unescape(row.group(1)), unescape(row.group(2)));
        }
        return Collections.unmodifiableMap(facts);
    }

    /**
     * {@return a machine-readable figure of the page in base units, empty when the page does not show it} The
     * names are those of the page's {@code data-jr} attributes: {@code progress-percent}, {@code cpu-cores},
     * {@code rss-bytes}, {@code rss-peak-bytes}, {@code read-bytes}, {@code write-bytes},
     * {@code memory-limit-bytes}, {@code walltime-left-s}, {@code rate}, {@code eta-seconds}: the keys of
     * {@link Platform.Figure}.
     */
    public OptionalDouble figure(String name) {
        Double value = page.figures().get(name);
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** {@return the job's current message as a person reads it, or {@code ""} when there is none} */
    public String message() {
        Matcher m = MESSAGE.matcher(page.html());
        return m.find() ? visible(m.group(1)) : "";
    }

    /** {@return whether the page offers a button that sends {@code message}} */
    public boolean hasControl(String message) {
        // Decoded rather than matched escaped: the page's attribute escaping need not escape every character.
        return CONTROL.matcher(page.html()).results().anyMatch(control -> unescape(control.group(1)).equals(message));
    }

    /** {@return the text a person sees on the page: no markup, no styles, one line per block, entities decoded} */
    public String text() {
        return visible(INVISIBLE.matcher(page.html()).replaceAll(""));
    }

    private static String visible(String markup) {
        String text = TAG.matcher(markup.replaceAll("(?i)<br\\s*/?>|</(p|div|h\\d|li|tr|pre|section|dd|dt)>", "\n"))
                .replaceAll(" ");
        return unescape(text).lines().map(line -> line.strip().replaceAll("\\s+", " "))
                .filter(line -> !line.isEmpty()).reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** Decodes the page's character references in one pass: "&amp;amp;lt;" reads "&amp;lt;", not "&lt;". */
    private static String unescape(String markup) {
        return ENTITY.matcher(markup).replaceAll(entity -> Matcher.quoteReplacement(switch (entity.group(1)) {
            case "lt" -> "<";
            case "gt" -> ">";
            case "quot" -> "\"";
            case "amp" -> "&";
            default -> {
                String code = entity.group(1).substring(1);
                yield Character.toString(code.startsWith("x") || code.startsWith("X")
                        ? Integer.parseInt(code.substring(1), 16) : Integer.parseInt(code));
            }
        }));
    }

    /** {@return {@code value} as the page writes figures: {@code 3}, {@code 0.25}} */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Pages are equal when their HTML is. */
    @Override
    public boolean equals(Object other) {
        return other instanceof StatusPage that && that.page.equals(page);
    }

    @Override
    public int hashCode() {
        return page.hashCode();
    }

    /** {@return the state, the progress and the text, for failure messages} */
    @Override
    public String toString() {
        if (!exists()) {
            return "(no status.html yet)";
        }
        return "state " + state().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("?") + ", progress "
                + plain(done()) + "/" + plain(total()) + "\n" + text();
    }
}
