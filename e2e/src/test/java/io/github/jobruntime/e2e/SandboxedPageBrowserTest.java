package io.github.jobruntime.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.jobruntime.Platform;
import io.github.jobruntime.examples.abortablewaiter.AbortableWaiter;
import io.github.jobruntime.testkit.ChildJvm;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The abortable waiter's own page as a strict portal shows it: in {@code <iframe sandbox="allow-scripts
 * allow-same-origin">}, without {@code allow-modals}, so that {@code confirm()} answers false without asking,
 * and with {@code notify_running_job} put into the frame by the portal page around it.
 */
class SandboxedPageBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern ABORTED = Pattern.compile("Done\\. My waiting was aborted after \\d+ seconds\\.");

    /** The portal: it gives the framed page a notify_running_job that records and forwards each message. */
    private static final String PORTAL = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Strict portal</title></head><body>
            <iframe id="job" name="job" src="/status.html" sandbox="allow-scripts allow-same-origin"
                    style="display:block;width:100%;height:960px;border:0"></iframe>
            <script>
            window.sent = [];
            var frame = document.getElementById('job');
            frame.addEventListener('load', function () {
              frame.contentWindow.notify_running_job = function (message) {
                window.sent.push(String(message));
                fetch('/notify', {method: 'POST', body: String(message)});
              };
            });
            </script></body></html>
            """;

    @TempDir
    Path temp;

    private Path service;
    private HttpServer portal;
    private ChromeDriver browser;
    private ChildJvm job;

    @BeforeEach
    void startPortalAndBrowser() throws IOException {
        browser = Chromium.start();
        service = Files.createDirectory(temp.resolve("service"));
        portal = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        portal.createContext("/", exchange -> answer(exchange, PORTAL.getBytes(StandardCharsets.UTF_8)));
        portal.createContext("/status.html",
                exchange -> answer(exchange, Files.readAllBytes(service.resolve("status.html"))));
        portal.createContext("/notify", exchange -> {
            Platform.at(service).send(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            answer(exchange, new byte[0]);
        });
        portal.start();
    }

    @AfterEach
    void stopAll() {
        if (browser != null) {
            browser.quit();
        }
        if (portal != null) {
            portal.stop(0);
        }
        if (job != null) {
            job.close();
        }
    }

    private static void answer(HttpExchange exchange, byte[] body) {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // given

    private String url(String path) {
        return "http://127.0.0.1:" + portal.getAddress().getPort() + path;
    }

    private void waiterRunsFor(int seconds) {
        job = ChildJvm.start(temp, AbortableWaiter.class, Map.of(), "--service-dir", service.toString(),
                Integer.toString(seconds));
        await().atMost(PATIENCE).until(() -> Platform.at(service).page().done().orElse(-1) >= 2);
    }

    // when

    private WebElement button() {
        return browser.findElement(By.cssSelector("section.controls button"));
    }

    // then

    @SuppressWarnings("unchecked")
    private List<String> sent() {
        browser.switchTo().defaultContent();
        List<String> sent = (List<String>) browser.executeScript("return window.sent;");
        browser.switchTo().frame("job");
        return sent;
    }

    @Test
    void oneClickSendsNothingAndASecondClickSendsAbortWithoutAnyDialog() {
        waiterRunsFor(60);
        browser.get(url("/status.html"));
        assertTrue(browser.findElement(By.tagName("h2")).isDisplayed());
        Chromium.screenshot(browser, "abortable-waiter-page");

        browser.get(url("/"));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.executeScript(
                "return typeof document.getElementById('job').contentWindow.notify_running_job").equals("function"));
        assertEquals(false, browser.executeScript(
                "return document.getElementById('job').contentWindow.confirm('Really?')"),
                "in this frame confirm() answers false without asking");
        browser.switchTo().frame("job");

        button().click();

        assertEquals("Click again to abort", button().getText());
        assertEquals("Really abort the waiting?", browser.findElement(By.cssSelector(".controls .confirm")).getText());
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> sent().isEmpty());
        assertEquals("Abort", button().getText(), "after some seconds the button is itself again");
        assertEquals("", Texts.readOrEmpty(service.resolve("notifications.txt")));

        button().click();
        button().click();

        await().atMost(PATIENCE).until(() -> sent().equals(List.of("ABORT")));
        assertFalse(button().isEnabled(), "a clicked button disables itself");
        assertEquals(0, job.exitCode(30), job.stderr());
        assertTrue(ABORTED.matcher(Platform.at(service).result().orElse("")).matches(),
                Platform.at(service).result().orElse(""));
        assertEquals("ABORT\n", Texts.readOrEmpty(service.resolve("notifications.txt")));
    }

    @Test
    void aFirstClickSurvivesTheReloadOfThePageThatThePortalMakesForEachNewPage() {
        waiterRunsFor(60);
        browser.get(url("/"));
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.executeScript(
                "return typeof document.getElementById('job').contentWindow.notify_running_job").equals("function"));
        browser.switchTo().frame("job");

        button().click();
        browser.switchTo().defaultContent();
        browser.executeScript("document.getElementById('job').contentWindow.location.reload()");
        await().atMost(PATIENCE).ignoreExceptions().until(() -> browser.executeScript(
                "return typeof document.getElementById('job').contentWindow.notify_running_job").equals("function"));
        browser.switchTo().frame("job");

        assertEquals("Click again to abort", button().getText(), "the reloaded page still waits for the second click");
        assertTrue(sent().isEmpty());
        button().click();

        await().atMost(PATIENCE).until(() -> sent().equals(List.of("ABORT")));
        assertEquals(0, job.exitCode(30), job.stderr());
        assertTrue(ABORTED.matcher(Platform.at(service).result().orElse("")).matches(),
                Platform.at(service).result().orElse(""));
    }
}
