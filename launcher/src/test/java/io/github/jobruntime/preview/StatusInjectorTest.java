package io.github.jobruntime.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The platform's injection of {@code notify_running_job}: right after the {@code <head…>} tag, or not at all. */
class StatusInjectorTest {

    private static Optional<String> inject(String page) {
        return StatusInjector.inject(page.getBytes(StandardCharsets.UTF_8))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<head>", "<HEAD>", "<Head>", "<head lang=\"en\">", "<head\n  data-x='1'>"})
    void scriptGoesRightAfterTheHeadTag(String tag) {
        String page = "<!DOCTYPE html>\n<html>" + tag + "<title>t</title></head><body></body></html>";

        assertEquals(Optional.of("<!DOCTYPE html>\n<html>" + tag + StatusInjector.SCRIPT
                + "<title>t</title></head><body></body></html>"), inject(page));
    }

    @Test
    void scriptDefinesNotifyRunningJobPostingToNotify() {
        assertTrue(StatusInjector.SCRIPT.startsWith("<script>function notify_running_job(message){"));
        assertTrue(StatusInjector.SCRIPT.contains("fetch('/notify',{method:'POST'"));
    }

    @Test
    void headerElementIsNotTheHeadTag() {
        String page = "<html><body><header>Job</header></body></html>";

        assertEquals(Optional.empty(), inject(page));
        assertFalse(StatusInjector.hasHead(page.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void onlyTheFirstHeadTagGetsTheScript() {
        String page = "<html><head></head><body><pre>&lt;head&gt; <head></pre></body></html>";

        String injected = inject(page).orElseThrow();

        assertEquals(injected.indexOf("<script>"), injected.lastIndexOf("<script>"));
        assertTrue(injected.startsWith("<html><head><script>"), injected);
    }

    @Test
    void pageWithoutHeadIsLeftAlone() {
        assertEquals(Optional.empty(), inject("<html><body><button onclick=\"notify_running_job('ABORT')\">"));
    }

    @Test
    void bytesOfThePageAreKeptExactly() {
        String page = "<html><head><meta charset=\"utf-8\"><title>Wärme ✓ 温度</title></head></html>";
        byte[] original = page.getBytes(StandardCharsets.UTF_8);

        byte[] injected = StatusInjector.inject(original).orElseThrow();

        String expected = "<html><head>" + StatusInjector.SCRIPT + page.substring("<html><head>".length());
        assertEquals(expected, new String(injected, StandardCharsets.UTF_8));
        assertEquals(original.length + StatusInjector.SCRIPT.length(), injected.length);
    }
}
