package io.github.jobruntime.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * {@code job-runtime preview} in a real browser: the abortable waiter's page in the portal, its Abort button
 * answering through the injected {@code notify_running_job}, messages typed by hand, the page after the end.
 */
class PreviewBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern ABORTED = Pattern.compile("Done\\. My waiting was aborted after \\d+ seconds\\.");

    @TempDir
    Path temp;

    private ChromeDriver browser;
    private PreviewProcess preview;

    @BeforeEach
    void startBrowser() {
        browser = Chromium.start();
    }

    @AfterEach
    void stopAll() {
        if (browser != null) {
            browser.quit();
        }
        if (preview != null) {
            preview.close();
        }
    }

    // given

    private void portalOf(String example, int seconds, String... options) {
        preview = PreviewProcess.start(temp, example, seconds, options);
        browser.get(preview.url().toString());
    }

    private void jobHasMadeProgress() {
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            inJobPage();
            assertTrue(browser.findElement(By.cssSelector("p.message")).getText().startsWith("Waited "));
        });
    }

    // when

    /** The job's page: the portal reloads its frame whenever the job writes a new one, so look it up afresh. */
    private void inJobPage() {
        browser.switchTo().defaultContent();
        browser.switchTo().frame("job");
    }

    private void inPortal() {
        browser.switchTo().defaultContent();
    }

    private WebElement jobPageButton(String label) {
        return browser.findElement(By.xpath("//button[normalize-space()='" + label + "']"));
    }

    // then

    private String portalText(String id) {
        inPortal();
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    void abortButtonInTheSandboxedJobsPageStopsTheJobAndThePortalShowsItsResult() {
        portalOf("abortable_waiter", 60, "--sandbox");
        jobHasMadeProgress();

        // The portal reloads the frame whenever the job writes a new page, which resets a pending confirmation:
        // both clicks go to one loaded page, again on a fresh one if a reload came between them.
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            inJobPage();
            jobPageButton("Abort").click();
            assertEquals("Really abort the waiting?",
                    browser.findElement(By.cssSelector(".controls .confirm")).getText());
            jobPageButton("Click again to abort").click();
        });

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(
                () -> assertTrue(ABORTED.matcher(portalText("result-text")).matches(), portalText("result-text")));
        assertEquals("ABORTED", portalText("state").toUpperCase(Locale.ROOT));
        assertTrue(portalText("sent").contains("ABORT"));
        assertEquals("ABORT\n", preview.serviceFile("notifications.txt"));
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            inJobPage();
            assertTrue(ABORTED.matcher(browser.findElement(By.cssSelector("pre.result")).getText()).matches());
        });
        inPortal();
        Chromium.screenshot(browser, "preview-final");
    }

    @Test
    void messageTypedInThePortalReachesTheJobWhichAcknowledgesIt() {
        portalOf("abortable_waiter", 60);
        jobHasMadeProgress();

        inPortal();
        browser.findElement(By.id("message")).sendKeys("PING");
        browser.findElement(By.id("send-button")).click();

        // The portal redraws its list of sent messages when it polls: an element read as it is replaced is stale.
        await().atMost(PATIENCE).ignoreExceptionsInstanceOf(StaleElementReferenceException.class)
                .untilAsserted(() -> assertTrue(portalText("sent").contains("PING")));
        assertEquals("", browser.findElement(By.id("message")).getDomProperty("value"));
        assertEquals("PING\n", preview.serviceFile("notifications.txt"));
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            inJobPage();
            WebElement outcome = browser.findElement(By.xpath("//tr[td/code[text()='PING']]//span[contains(@class,'outcome')]"));
            assertEquals("ignored", outcome.getText().toLowerCase(Locale.ROOT));
        });
        inPortal();
        Chromium.screenshot(browser, "preview-running");
    }

    @Test
    void pageAfterTheJobEndedShowsNoControls() {
        portalOf("abortable_waiter", 2);

        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(
                () -> assertEquals("Done. I have waited 2 seconds.", portalText("result-text")));
        assertEquals("exit code 0", portalText("process"));
        assertFalse(browser.findElement(By.id("message")).isEnabled(), "the message box after the end");
        await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
            inJobPage();
            assertEquals("Done. I have waited 2 seconds.", browser.findElement(By.cssSelector("pre.result")).getText());
            assertTrue(browser.findElements(By.tagName("button")).isEmpty(), "buttons on the final page");
        });
        inPortal();
        Chromium.screenshot(browser, "preview-ended");
    }
}
