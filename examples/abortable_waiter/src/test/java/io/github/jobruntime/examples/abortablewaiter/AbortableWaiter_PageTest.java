package io.github.jobruntime.examples.abortablewaiter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gg.jte.Content;
import gg.jte.html.OwaspHtmlTemplateOutput;
import gg.jte.output.StringOutput;
import io.github.jobruntime.StatusPageView;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example's own template, as jte compiled it in this build: it places every part of the runtime's page,
 * adds its own section, and escapes what it prints itself.
 */
class AbortableWaiter_PageTest {

    private static final String XSS = "<script>alert(1)</script>";

    /** A view whose texts all carry markup, and whose every part writes a comment naming itself. */
    private static StatusPageView view(boolean terminal) {
        StatusPageView.Parts parts = (StatusPageView.Parts) Proxy.newProxyInstance(
                StatusPageView.class.getClassLoader(), new Class<?>[] {StatusPageView.Parts.class},
                (proxy, method, args) -> (Content) output -> output.writeContent("<!--" + method.getName() + "-->"));
        return (StatusPageView) Proxy.newProxyInstance(StatusPageView.class.getClassLoader(),
                new Class<?>[] {StatusPageView.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "parts" -> parts;
                    case "terminal" -> terminal;
                    case "facts" -> List.of();
                    case "logTail" -> List.of();
                    case "hashCode" -> 0;
                    default -> method.getName() + " " + XSS;
                });
    }

    private static String render(StatusPageView view) {
        StringOutput output = new StringOutput();
        JtestatusGenerated.render(new OwaspHtmlTemplateOutput(output), null, view);
        return output.toString();
    }

    @Test
    void ownTemplatePlacesEveryPartOnceAndASectionOfItsOwn() {
        List<String> missing = new ArrayList<>();
        String running = render(view(false));

        for (String part : Arrays.stream(StatusPageView.Parts.class.getMethods()).map(m -> m.getName()).toList()) {
            if (running.split("<!--" + part + "-->", -1).length != 2) {
                missing.add(part);
            }
        }

        assertTrue(missing.isEmpty(), "parts not placed exactly once: " + missing + " in " + running);
        assertTrue(running.contains("<head>\n<!--head-->"), "the platform's script goes right after <head>: " + running);
        assertTrue(running.contains("<h2>About this wait</h2>"), running);
    }

    @Test
    void ownTemplateEscapesWhatItPrints() {
        String html = render(view(false)) + render(view(true));

        assertFalse(html.contains(XSS), html);
        assertTrue(html.contains("title &lt;script&gt;alert(1)&lt;/script&gt; waits one second at a time"), html);
        assertTrue(html.contains("eta &lt;script&gt;"), html);
        assertTrue(html.contains("elapsed &lt;script&gt;"), html);
    }
}
