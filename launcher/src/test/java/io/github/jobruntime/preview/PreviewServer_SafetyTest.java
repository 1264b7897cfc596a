package io.github.jobruntime.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Other web sites in the same browser must not reach the job: no messages from foreign pages, no reading
 * through a rebound host name, no huge bodies; and only this machine by default.
 */
class PreviewServer_SafetyTest {

    @TempDir
    Path temp;

    private Path service;
    private PreviewServer server;
    private RawHttp http;

    @BeforeEach
    void startPreview() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
        server = PreviewServer.start(settings(0));
        http = new RawHttp(server.address().getPort());
    }

    @AfterEach
    void stopPreview() {
        server.close();
    }

    private PreviewSettings settings(int port) {
        return new PreviewSettings(service, PreviewSettings.DEFAULT_BIND, port, Duration.ofSeconds(2), false);
    }

    private RawHttp.Response post(Map<String, String> headers, String message) {
        return http.send("POST", "/notify", headers, message.getBytes(StandardCharsets.UTF_8));
    }

    private boolean jobGotAMessage() {
        return Files.exists(service.resolve("notifications.txt"));
    }

    @Test
    void listensOnLoopbackOnlyByDefault() {
        assertEquals("127.0.0.1", PreviewSettings.DEFAULT_BIND);
        assertTrue(server.address().getAddress().isLoopbackAddress(), server.address().toString());
    }

    @Test
    void postWithoutOriginIsRefused() {
        RawHttp.Response response = post(Map.of("Host", http.host()), "ABORT");

        assertEquals(403, response.status());
        assertTrue(response.body().contains("job-runtime notify"), response.body());
        assertFalse(jobGotAMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example", "null", "http://127.0.0.1", "http://127.0.0.1:1",
            "https://127.0.0.1:PORT", "http://localhost:PORT"})
    void postFromAnotherOriginIsRefused(String origin) {
        String value = origin.replace("PORT", Integer.toString(server.address().getPort()));

        RawHttp.Response response = post(Map.of("Host", http.host(), "Origin", value), "ABORT");

        assertEquals(403, response.status(), value);
        assertFalse(jobGotAMessage());
    }

    @Test
    void portalOpenedAsLocalhostMaySendToo() throws IOException {
        String host = "localhost:" + server.address().getPort();

        RawHttp.Response response = post(Map.of("Host", host, "Origin", "http://" + host), "PING");

        assertEquals(204, response.status());
        assertEquals("PING\n", Files.readString(service.resolve("notifications.txt")));
    }

    @Test
    void foreignHostNameIsRefusedEvenWhenItResolvesHere() {
        // DNS rebinding: a site's own name made to point at 127.0.0.1; Origin and Host then agree.
        String host = "evil.example:" + server.address().getPort();

        RawHttp.Response read = http.send("GET", "/status.html", Map.of("Host", host), new byte[0]);
        RawHttp.Response send = post(Map.of("Host", host, "Origin", "http://" + host), "ABORT");

        assertEquals(403, read.status());
        assertEquals(403, send.status());
        assertTrue(send.body().contains("does not name this machine"), send.body());
        assertFalse(jobGotAMessage());
    }

    @Test
    void hostWithAnotherPortIsRefused() {
        RawHttp.Response response = http.send("GET", "/", Map.of("Host", "127.0.0.1:1"), new byte[0]);

        assertEquals(403, response.status());
    }

    @Test
    void messageOverTheSizeLimitIsRefused() {
        byte[] big = new byte[PreviewServer.MAX_MESSAGE_BYTES + 1];
        Arrays.fill(big, (byte) 'x');

        RawHttp.Response response = http.send("POST", "/notify",
                Map.of("Host", http.host(), "Origin", http.origin()), big);

        assertEquals(413, response.status());
        assertFalse(jobGotAMessage());
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() {
        RawHttp.Response response = http.send("POST", "/notify", Map.of("Host", http.host(), "Origin", http.origin(),
                "Content-Length", "1073741824"), new byte[0]);

        assertEquals(413, response.status());
        assertFalse(jobGotAMessage());
    }

    @Test
    void messageAtTheSizeLimitIsSent() throws IOException {
        String message = "x".repeat(PreviewServer.MAX_MESSAGE_BYTES);

        assertEquals(204, http.notify(message).status());
        assertEquals(message + "\n", Files.readString(service.resolve("notifications.txt")));
    }

    @Test
    void busyPortNamesTheFix() {
        JobConfigurationException e = assertThrows(JobConfigurationException.class,
                () -> PreviewServer.start(settings(server.address().getPort())));

        assertTrue(e.getMessage().contains("--port 0"), e.getMessage());
    }

    @Test
    void missingServiceFolderNamesTheFix() {
        PreviewSettings missing = new PreviewSettings(temp.resolve("absent"), PreviewSettings.DEFAULT_BIND, 0,
                Duration.ofSeconds(2), false);

        JobConfigurationException e = assertThrows(JobConfigurationException.class, () -> PreviewServer.start(missing));

        assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }
}
