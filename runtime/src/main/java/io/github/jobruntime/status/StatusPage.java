package io.github.jobruntime.status;

import gg.jte.TemplateException;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.Utf8ByteOutput;
import io.github.jobruntime.StatusTemplate;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Frame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;

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

    /** Renders with the time left that {@code ratePerSecond} gives from the snapshot's progress now. */
    byte[] render(StatusSnapshot snapshot, Instant now, double ratePerSecond) {
        double left = snapshot.total() - snapshot.done();
        return render(snapshot, now, ratePerSecond, ratePerSecond > 0 && left > 0 ? left / ratePerSecond : Double.NaN);
    }

    /**
     * @param ratePerSecond progress units per second lately, NaN while unknown
     * @param etaSeconds    the seconds left at that rate, NaN while unknown
     */
    byte[] render(StatusSnapshot snapshot, Instant now, double ratePerSecond, double etaSeconds) {
        StatusView view = view(snapshot, now, ratePerSecond, etaSeconds);
        if (template != null) {
            byte[] page = renderOwn(view);
            if (page != null) {
                return page;
            }
        }
        // The class jte generates from status.jte, called as TemplateEngine would call it (HTML output, no
        // interceptor): the engine finds it by reflection and spins method handles for that, which costs every
        // job about 1 MB of memory at start.
        return render(output -> JtestatusGenerated.render(output, null, view), "status.jte");
    }

    /** {@return the application's page, or null when its template failed: the default page stands in} */
    private byte[] renderOwn(StatusView view) {
        try {
            byte[] page = render(output -> template.render(output, null, view), "the application's status template");
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

    private static byte[] render(Consumer<HtmlTemplateOutput> page, String name) {
        Utf8ByteOutput output = new Utf8ByteOutput();
        try {
            page.accept(new OwaspHtmlTemplateOutput(output));
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

    StatusView view(StatusSnapshot s, Instant now, double ratePerSecond, double etaSeconds) {
        Frame frame = new Frame(s.title(), s.state(), s.startedAt(), s.endedAt(), s.done(), s.total(), s.percent(),
                now, ratePerSecond, etaSeconds, host, runtimeVersion);
        Map<Class<? extends Card>, CardView> cards = new LinkedHashMap<>();
        s.cards().forEach((card, snapshot) -> cards.put(card, snapshot.view(frame)));
        return new StatusView(frame, cards);
    }

    /**
     * The logger, made on first use: the first page comes before it, as the logger's set-up (its date format
     * loads the locale data) took 70 ms of a 120 ms first page on 2 busy cores.
     */
    private static final class Log {
        static final Logger LOG = Logs.get(StatusPage.class);
    }
}
