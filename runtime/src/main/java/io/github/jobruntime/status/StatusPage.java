package io.github.jobruntime.status;

import gg.jte.TemplateException;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.Utf8ByteOutput;
import io.github.jobruntime.Control;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Renders a snapshot to the HTML bytes of {@code status.html} with the precompiled jte template. */
final class StatusPage {

    private final String host;
    private final String runtimeVersion;

    StatusPage(String host, String runtimeVersion) {
        this.host = host;
        this.runtimeVersion = runtimeVersion;
    }

    byte[] render(StatusSnapshot snapshot, Instant now, double ratePerSecond) {
        StatusView view = view(snapshot, now, ratePerSecond);
        Utf8ByteOutput output = new Utf8ByteOutput();
        // The class jte generates from status.jte, called as TemplateEngine would call it (HTML output, no
        // interceptor): the engine finds it by reflection and spins method handles for that, which costs every
        // job about 1 MB of memory at start.
        try {
            JtestatusGenerated.render(new OwaspHtmlTemplateOutput(output), null, view);
        } catch (RuntimeException e) {
            throw new TemplateException("cannot render status.jte: " + e, e);
        }
        return output.toByteArray();
    }

    StatusView view(StatusSnapshot s, Instant now, double ratePerSecond) {
        boolean determinate = s.total() > 0;
        boolean whole = Formats.whole(s.done()) && Formats.whole(s.total());
        String doneText = determinate
                ? Formats.amount(s.done()) + " / " + Formats.amount(s.total())
                : s.done() > 0 ? Formats.amount(s.done()) + " done" : "";
        String eta = "–";
        if (determinate && !s.state().isTerminal() && ratePerSecond > 0 && s.done() < s.total()) {
            eta = Formats.duration(Duration.ofSeconds((long) Math.ceil((s.total() - s.done()) / ratePerSecond)));
        }
        Instant end = s.endedAt() != null ? s.endedAt() : now;
        String elapsed = s.startedAt() == null ? "–" : Formats.duration(Duration.between(s.startedAt(), end));
        String stateName = s.state().name();
        return new StatusView(s.title(), stateName.toLowerCase(Locale.ROOT),
                stateName.charAt(0) + stateName.substring(1).toLowerCase(Locale.ROOT), s.state().isTerminal(),
                determinate, determinate ? Formats.percent(s.done() / s.total()) : "0",
                Formats.plain(s.done()) + "/" + Formats.plain(s.total()), doneText,
                s.state().isTerminal() ? "–" : whole ? Formats.rate(ratePerSecond) : Formats.ratePerSecond(ratePerSecond),
                eta, s.message(),
                Formats.time(s.startedAt()), elapsed, Formats.time(now),
                s.note().isEmpty() ? "" : s.note() + " at " + Formats.time(s.noteAt()), s.noteDetail(), s.result(), s.logTail(),
                s.state().isTerminal() ? List.of() : s.controls().stream().map(StatusPage::forOnclick).toList(),
                s.received().stream().map(r -> new StatusView.ReceivedLine(Formats.clock(r.at()), r.message(),
                        r.outcome(), r.detail())).toList(),
                s.metrics().stream().map(Charts::chart).toList(), s.images(), host, runtimeVersion);
    }

    /**
     * jte escapes quotes, backslashes and line breaks in an {@code onclick} value, but not {@code &}; the browser
     * decodes character references in an attribute before it runs the handler, so a message holding
     * {@code &#39;} would end the JS string. With {@code &} escaped first, the job gets the text as written.
     */
    private static Control forOnclick(Control control) {
        return new Control(control.label(), control.message().replace("&", "&amp;"),
                control.confirmation().replace("&", "&amp;"));
    }
}
