package io.github.jobruntime.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.Content;
import io.github.jobruntime.Control;
import io.github.jobruntime.JobState;
import io.github.jobruntime.StatusPageView;
import io.github.jobruntime.StatusTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * An application's own template on the public view model and parts; the default page when it fails. The
 * application's precompiled jte template is tested in examples/abortable_waiter; here the templates are
 * written against the same interface by hand.
 */
class StatusPage_TemplateTest {

    private static final String XSS = "<script>alert(1)</script>";
    private static final String ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

    /** Every part, each with the text only it writes. */
    private static final List<Part> PARTS = List.of(
            new Part(StatusPageView.Parts::head, "<meta charset=\"utf-8\">"),
            new Part(StatusPageView.Parts::header, "<span class=\"badge "),
            new Part(StatusPageView.Parts::progress, "<h2>Progress</h2>"),
            new Part(StatusPageView.Parts::controls, "onclick=\"jobRuntimeControl(this)\">Abort</button>"),
            new Part(StatusPageView.Parts::note, "<section class=\"card note\">"),
            new Part(StatusPageView.Parts::result, "<h2>Result</h2>"),
            new Part(StatusPageView.Parts::facts, "<h2>Key figures</h2>"),
            new Part(StatusPageView.Parts::sections, "<h2>Summary</h2>"),
            new Part(StatusPageView.Parts::metrics, "<h2>Metrics</h2>"),
            new Part(StatusPageView.Parts::images, "<h2>Images</h2>"),
            new Part(StatusPageView.Parts::messages, "<h2>Messages received</h2>"),
            new Part(StatusPageView.Parts::log, "<h2>Log</h2>"),
            new Part(StatusPageView.Parts::footer, "<footer>job-runtime 1.2.3"));

    private record Part(Function<StatusPageView.Parts, Content> of, String marker) {
    }

    // given

    /** A job with something for every part; the result part shows only on a final page. */
    private static StatusModel everything(String text) {
        StatusModel model = new StatusModel("Solver " + text, 20);
        model.controls(List.of(new Control("Abort", "ABORT", "Really?")));
        model.running(NOW);
        model.progress(3, 10);
        model.message("message " + text);
        model.note("note " + text, "", NOW);
        model.fact("Case " + text, "cavity " + text);
        model.section("Summary", "<p>sum " + text + "</p>");
        model.metric("residual", 0.5, NOW);
        model.image("field.png", PNG, "image/png");
        model.received(NOW, "PING", "ignored", "unknown command");
        model.log("log " + text);
        return model;
    }

    /** A page as an application writes one: its own markup and text around the parts it places. */
    private static final StatusTemplate EVERY_PART = (output, interceptor, page) -> {
        output.writeContent("<!DOCTYPE html><html><head>");
        page.parts().head().writeTo(output);
        output.writeContent("</head><body><main><h1 class=\"own\">");
        output.writeUserContent(page.title() + " · " + page.stateLabel() + " · " + page.percent() + "%");
        output.writeContent("</h1>");
        for (Part part : PARTS.subList(1, PARTS.size())) {
            part.of().apply(page.parts()).writeTo(output);
        }
        output.writeContent("<dl>");
        for (StatusPageView.Fact fact : page.facts()) {
            output.writeContent("<dt>");
            output.writeUserContent(fact.name());
            output.writeContent("</dt>");
        }
        output.writeContent("</dl></main></body></html>");
    };

    // when

    private static String render(StatusTemplate template, StatusModel model) {
        StatusPage page = new StatusPage("node042", "1.2.3", template);
        return new String(page.render(model.snapshot(), NOW.plusSeconds(5), Double.NaN), StandardCharsets.UTF_8);
    }

    // then

    @Test
    void anApplicationsTemplatePlacesEveryPartAroundItsOwnMarkup() {
        StatusModel model = everything("x");
        model.finish(JobState.SUCCEEDED, "done", NOW.plusSeconds(4));
        StatusModel running = everything("x");

        String html = render(EVERY_PART, model) + render(EVERY_PART, running);

        for (Part part : PARTS) {
            assertTrue(html.contains(part.marker()), "no " + part.marker() + " in " + html);
        }
        assertTrue(html.contains("<h1 class=\"own\">Solver x · Succeeded · 30.0%</h1>"), html);
        assertTrue(html.contains("<dt>Case x</dt>"), html);
    }

    @Test
    void textIsEscapedInTheApplicationsMarkupAndInEveryPart() {
        String html = render(EVERY_PART, everything(XSS));

        assertFalse(html.contains(XSS), html);
        assertFalse(html.contains("<script>alert"), html);
        assertTrue(html.contains("<h1 class=\"own\">Solver " + ESCAPED), html);
        assertTrue(html.contains("<dt>Case " + ESCAPED + "</dt>"), html);
        for (String shown : List.of("message ", "note ", "cavity ", "log ")) {
            assertTrue(html.contains(shown + ESCAPED), shown + "in " + html);
        }
        assertTrue(html.contains("<p>sum </p>"), "the section is sanitized: " + html);
    }

    @Test
    void theDefaultPageIsThePartsInOrder() {
        StatusModel model = everything("x");
        model.finish(JobState.FAILED, "FAILED: boom", NOW.plusSeconds(4));

        String html = render(null, model);

        int at = -1;
        for (Part part : PARTS) {
            if (part.marker().contains("Abort")) {
                continue;   // no controls on a final page
            }
            int next = html.indexOf(part.marker());
            assertTrue(next > at, part.marker() + " out of order in " + html);
            at = next;
        }
    }

    @Test
    void aTemplateThatThrowsIsReplacedByTheDefaultPage() {
        StatusTemplate throwing = (output, interceptor, page) -> {
            output.writeContent("<!DOCTYPE html><html><head>half");
            throw new IllegalStateException("boom");
        };
        StatusModel model = everything("x");

        assertEquals(render(null, model), render(throwing, model));
    }

    @Test
    void aTemplateWithoutHeadIsReplacedByTheDefaultPage() {
        StatusTemplate headless = (output, interceptor, page) -> {
            output.writeContent("<!DOCTYPE html><html><body>");
            page.parts().header().writeTo(output);
            output.writeContent("</body></html>");
        };
        StatusModel model = everything("x");

        assertEquals(render(null, model), render(headless, model));
    }
}
