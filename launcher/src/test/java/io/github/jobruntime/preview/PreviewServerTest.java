package io.github.jobruntime.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the preview serves: the portal, the job's page with the platform's injection, messages to the job. */
class PreviewServerTest {

    @TempDir
    Path temp;

    private Path service;
    private PreviewServer server;
    private RawHttp http;

    @BeforeEach
    void startPreview() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
        server = PreviewServer.start(
                new PreviewSettings(service, PreviewSettings.DEFAULT_BIND, 0, Duration.ofSeconds(2), false));
        http = new RawHttp(server.address().getPort());
    }

    @AfterEach
    void stopPreview() {
        server.close();
    }

    // given

    private void jobWrites(String page) {
        AtomicFile.write(service.resolve("status.html"), page.getBytes(StandardCharsets.UTF_8), false);
    }

    // then

    private String notifications() throws IOException {
        return Files.readString(service.resolve("notifications.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void printsTheUrlOfTheBoundLoopbackAddress() {
        assertEquals("http://127.0.0.1:" + server.address().getPort() + "/", server.url().toString());
        assertTrue(server.address().getAddress().isLoopbackAddress());
    }

    @Test
    void portalFramesTheJobsPageAndRefreshesAsAsked() {
        RawHttp.Response portal = http.get("/");

        assertEquals(200, portal.status());
        assertEquals("text/html; charset=utf-8", portal.headers().get("content-type"));
        assertTrue(portal.body().contains("<iframe id=\"job\" src=\"/status.html\""), portal.body());
        assertTrue(portal.body().contains("data-refresh=\"2000\""), portal.body());
        assertTrue(portal.body().contains(service.toString()), portal.body());
        assertFalse(portal.body().contains("sandbox"), "no sandbox unless asked for: " + portal.body());
    }

    @Test
    void sandboxedPortalFramesTheJobsPageAsAStrictPortalDoes() {
        try (PreviewServer sandboxed = PreviewServer.start(
                new PreviewSettings(service, PreviewSettings.DEFAULT_BIND, 0, Duration.ofSeconds(2), true))) {
            String portal = new RawHttp(sandboxed.address().getPort()).get("/").body();

            assertTrue(portal.contains("<iframe id=\"job\" src=\"/status.html\" title=\"The job's status page\" "
                    + "data-version=\"none\" sandbox=\"allow-scripts allow-same-origin\"></iframe>"), portal);
        }
    }

    @Test
    void jobsPageGetsNotifyRunningJobRightAfterItsHeadTag() {
        jobWrites("<!DOCTYPE html><html><head lang=\"en\"><title>Job</title></head><body>42%</body></html>");

        RawHttp.Response page = http.get("/status.html");

        assertEquals(200, page.status());
        assertEquals("<!DOCTYPE html><html><head lang=\"en\">" + StatusInjector.SCRIPT
                + "<title>Job</title></head><body>42%</body></html>", page.body());
        assertEquals("no-store", page.headers().get("cache-control"));
    }

    @Test
    void jobsPageIsReadAfreshOnEveryRequest() {
        jobWrites("<html><head></head><body>first</body></html>");
        assertTrue(http.get("/status.html").body().contains("first"));

        jobWrites("<html><head></head><body>second</body></html>");

        assertTrue(http.get("/status.html").body().contains("second"));
    }

    @Test
    void pageWithoutHeadIsServedUnchangedAndThePortalWarns() {
        String page = "<html><body><button onclick=\"notify_running_job('ABORT')\">Abort</button></body></html>";
        jobWrites(page);

        assertEquals(page, http.get("/status.html").body());
        String portal = http.get("/").body();
        assertTrue(portal.contains("id=\"head-warning\""), portal);
        assertTrue(portal.contains("cannot inject it here"), portal);
    }

    @Test
    void pageWithHeadGetsNoWarning() {
        jobWrites("<html><head></head><body></body></html>");

        assertFalse(http.get("/").body().contains("id=\"head-warning\""));
    }

    @Test
    void beforeTheFirstPageTheFrameShowsWhatItWaitsFor() {
        RawHttp.Response page = http.get("/status.html");

        assertEquals(404, page.status());
        assertTrue(page.body().contains(service.resolve("status.html").toString()), page.body());
    }

    @Test
    void messageIsAppendedWithANewlineAsThePlatformDoes() throws IOException {
        assertEquals(204, http.notify("ABORT").status());
        assertEquals(204, http.notify("SET speed=3\nwith a second line").status());

        assertEquals("ABORT\nSET speed=3\nwith a second line\n", notifications());
    }

    @Test
    void portalListsTheMessagesSentNewestFirst() {
        http.notify("FIRST");
        http.notify("<b>SECOND</b>");

        String portal = http.get("/").body();

        assertTrue(portal.contains("Messages sent · 2"), portal);
        int second = portal.indexOf("<code>&lt;b&gt;SECOND&lt;/b&gt;</code>");
        assertTrue(second > 0 && second < portal.indexOf("FIRST"), portal);
    }

    @Test
    void emptyMessageIsRefused() {
        RawHttp.Response response = http.notify("  ");

        assertEquals(400, response.status());
        assertFalse(Files.exists(service.resolve("notifications.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/index.html", "/status.html/", "/status.htm", "//status.html", "/notifications.txt",
            "/result.txt", "/../service/result.txt", "/%2e%2e/service/result.txt", "/status.html/../result.txt",
            "/.%2fresult.txt", "/favicon.ico", "/notify/x"})
    void everyOtherPathIsNotFound(String target) throws IOException {
        Files.writeString(service.resolve("result.txt"), "SECRET RESULT");

        RawHttp.Response response = http.get(target);

        assertEquals(404, response.status(), target);
        assertFalse(response.body().contains("SECRET RESULT"), response.body());
    }

    @Test
    void wrongMethodIsNotAllowed() {
        RawHttp.Response getNotify = http.get("/notify");
        RawHttp.Response postPortal = http.send("POST", "/", java.util.Map.of("Host", http.host(),
                "Origin", http.origin()), "x".getBytes(StandardCharsets.UTF_8));

        assertEquals(405, getNotify.status());
        assertEquals("POST", getNotify.headers().get("allow"));
        assertEquals(405, postPortal.status());
        assertEquals("GET, HEAD", postPortal.headers().get("allow"));
    }
}
