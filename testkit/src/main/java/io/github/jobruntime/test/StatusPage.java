package io.github.jobruntime.test;

import io.github.jobruntime.JobState;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reading of {@code status.html}, as the platform fetched it: the machine-readable figures the runtime puts in
 * the page's {@code <meta>} tags, the current message, and the text a person sees.
 *
 * @param html the page as written, or {@code ""} while there is none
 */
public record StatusPage(String html) {

    private static final Pattern STATE = Pattern.compile("<meta name=\"job-state\" content=\"([a-z]+)\">");
    private static final Pattern PROGRESS =
            Pattern.compile("<meta name=\"job-progress\" content=\"(-?\\d+)/(-?\\d+)\">");
    private static final Pattern MESSAGE = Pattern.compile("<p class=\"message\">(.*?)</p>", Pattern.DOTALL);
    private static final Pattern INVISIBLE = Pattern.compile("(?is)<(style|script)\\b.*?</\\1>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    /** Checks the page is not null. */
    public StatusPage {
        Objects.requireNonNull(html, "html");
    }

    /** {@return whether the job has written a page yet} */
    public boolean exists() {
        return !html.isEmpty();
    }

    /** {@return the state the page shows, empty while there is no page} */
    public Optional<JobState> state() {
        Matcher m = STATE.matcher(html);
        return m.find() ? Optional.of(JobState.valueOf(m.group(1).toUpperCase(Locale.ROOT))) : Optional.empty();
    }

    /** {@return the work done that the page shows, or -1 when it shows none} */
    public long done() {
        Matcher m = PROGRESS.matcher(html);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** {@return the total work that the page shows, or -1 when it is unknown} */
    public long total() {
        Matcher m = PROGRESS.matcher(html);
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    /** {@return the job's current message as a person reads it, or {@code ""} when there is none} */
    public String message() {
        Matcher m = MESSAGE.matcher(html);
        return m.find() ? visible(m.group(1)) : "";
    }

    /** {@return whether the page offers a button that sends {@code message}} */
    public boolean hasControl(String message) {
        return html.contains("data-message=\"" + attribute(message) + "\"");
    }

    /** {@return the text a person sees on the page: no markup, no styles, one line per block, entities decoded} */
    public String text() {
        return visible(INVISIBLE.matcher(html).replaceAll(""));
    }

    private static String visible(String markup) {
        String text = TAG.matcher(markup.replaceAll("(?i)<br\\s*/?>|</(p|div|h\\d|li|tr|pre|section|dd|dt)>", "\n"))
                .replaceAll(" ");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&amp;", "&");
        return text.lines().map(line -> line.strip().replaceAll("\\s+", " ")).filter(line -> !line.isEmpty())
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** {@return the state, the progress and the text, for failure messages} */
    @Override
    public String toString() {
        if (!exists()) {
            return "(no status.html yet)";
        }
        return "state " + state().map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("?") + ", progress " + done()
                + "/" + total() + "\n" + text();
    }

    /** {@code text} as the page writes it inside a double-quoted attribute. */
    private static String attribute(String text) {
        return text.replace("&", "&amp;").replace("\"", "&#34;").replace("'", "&#39;").replace("<", "&lt;")
                .replace(">", "&gt;");
    }
}
