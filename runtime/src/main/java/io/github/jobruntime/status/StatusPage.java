package io.github.jobruntime.status;

import gg.jte.TemplateException;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.Utf8ByteOutput;
import io.github.jobruntime.StatusTemplate;
import io.github.jobruntime.io.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders a snapshot to the HTML bytes of {@code status.html} with the application's template, or the default
 * one (both precompiled jte templates). Not thread-safe: the reporter renders one page at a time.
 */
final class StatusPage {

    private static final byte[] HEAD = "<head".getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final String runtimeVersion;
    private final StatusTemplate template;
    private boolean templateWarned;

    StatusPage(String host, String runtimeVersion) {
        this(host, runtimeVersion, null);
    }

    /** @param template the application's page, or {@code null} for the default one */
    StatusPage(String host, String runtimeVersion, StatusTemplate template) {
        this.host = host;
        this.runtimeVersion = runtimeVersion;
        this.template = template;
    }

    byte[] render(StatusSnapshot snapshot, Instant now, double ratePerSecond) {
        StatusView view = view(snapshot, now, ratePerSecond);
        if (template != null) {
            byte[] page = renderOwn(view);
            if (page != null) {
                return page;
            }
        }
        // The class jte generates from status.jte, called as TemplateEngine would call it (HTML output, no
        // interceptor): the engine finds it by reflection and spins method handles for that, which costs every
        // job about 1 MB of memory at start.
        return render(JtestatusGenerated::render, view, "status.jte");
    }

    /** {@return the application's page, or null when its template failed: the default page stands in} */
    private byte[] renderOwn(StatusView view) {
        try {
            byte[] page = render(template, view, "the application's status template");
            if (!hasHead(page)) {
                throw new TemplateException("the application's status template wrote no <head> tag, where the "
                        + "platform puts notify_running_job - write <head>${page.parts().head()}</head>");
            }
            return page;
        } catch (TemplateException e) {
            // Once per job: a template that fails on every page must not flood the job's log every second.
            if (!templateWarned) {
                templateWarned = true;
                Log.LOG.warn("{} - showing the default status page instead", e.getMessage(), e);
            }
            return null;
        }
    }

    private static byte[] render(StatusTemplate page, StatusView view, String name) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        try {
            page.render(new OwaspHtmlTemplateOutput(output), null, view);
        } catch (RuntimeException | LinkageError e) {
            throw new TemplateException("cannot render " + name + ": " + e, e);
        }
        return output.toByteArray();
    }

    /** Looks for {@code <head>} or {@code <head …>}, not {@code <header>}. */
    private static boolean hasHead(byte[] page) {
        outer:
        for (int i = 0; i + HEAD.length < page.length; i++) {
            for (int j = 0; j < HEAD.length; j++) {
                if (page[i + j] != HEAD[j]) {
                    continue outer;
                }
            }
            byte next = page[i + HEAD.length];
            if (next == '>' || next == ' ' || next == '\t' || next == '\n' || next == '\r') {
                return true;
            }
        }
        return false;
    }

    StatusView view(StatusSnapshot s, Instant now, double ratePerSecond) {
        boolean determinate = s.total() > 0;
        boolean whole = Formats.whole(s.done()) && Formats.whole(s.total());
        String doneText = determinate
                ? Formats.amount(s.done()) + " / " + Formats.amount(s.total())
                : s.done() > 0 ? Formats.amount(s.done()) + " done" : "";
        String eta = "–";
        double etaSeconds = Double.NaN;
        if (determinate && !s.state().isTerminal() && ratePerSecond > 0 && s.done() < s.total()) {
            etaSeconds = (s.total() - s.done()) / ratePerSecond;
            eta = Durations.page(Duration.ofSeconds((long) Math.ceil(etaSeconds)));
        }
        Instant end = s.endedAt() != null ? s.endedAt() : now;
        String elapsed = s.startedAt() == null ? "–" : Durations.page(Duration.between(s.startedAt(), end));
        String stateName = s.state().name();
        return new StatusView(s.title(), stateName.toLowerCase(Locale.ROOT),
                stateName.charAt(0) + stateName.substring(1).toLowerCase(Locale.ROOT), s.state().isTerminal(),
                determinate, determinate ? Formats.percent(s.done() / s.total()) : "0",
                determinate ? Formats.plain(100 * Math.max(0, Math.min(1, s.done() / s.total()))) : "",
                Formats.plain(s.done()) + "/" + Formats.plain(s.total()), doneText,
                s.state().isTerminal() ? "–" : whole ? Formats.rate(ratePerSecond) : Formats.ratePerSecond(ratePerSecond),
                eta, s.message(),
                Formats.time(s.startedAt()), elapsed, Formats.time(now),
                s.note().isEmpty() ? "" : s.note() + " at " + Formats.time(s.noteAt()), s.noteDetail(), s.result(), s.logTail(),
                s.state().isTerminal() ? List.of() : s.controls(),
                s.received().stream().map(r -> new StatusView.ReceivedLine(Formats.clock(r.at()), r.message(),
                        r.count() > 1 ? "×" + Formats.count(r.count()) : "", r.outcome(), r.detail())).toList(),
                s.metrics().stream().map(Charts::chart).toList(), s.images(), s.facts(), s.sections(),
                ResourceCards.of(s, now, etaSeconds), host,
                runtimeVersion);
    }

    /**
     * The logger, made on first use: the first page comes before it, as the logger's set-up (its date format
     * loads the locale data) took 70 ms of a 120 ms first page on 2 busy cores.
     */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
    }
}
