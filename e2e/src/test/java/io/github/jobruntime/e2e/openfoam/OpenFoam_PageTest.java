package io.github.jobruntime.e2e.openfoam;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.Chromium;
import io.github.jobruntime.e2e.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/** The page of a real icoFoam run in Chromium, as the portal shows it; its screenshot is the README's. */
@Timeout(120)
class OpenFoam_PageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private Process launcher;
    private ChromeDriver browser;

    @AfterEach
    void stopAll() {
        if (browser != null) {
            browser.quit();
        }
        if (launcher != null) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    void pageOfARunningCavityShowsProgressRateAndResidualCharts() throws Exception {
        Cavity.assumeInstalled(false);
        browser = Chromium.start();
        // The tutorial's own endTime 0.5, as the run-mode guide describes it, in 10,000 steps instead of 100, so that
        // the page is caught mid-run with its rate, time left and both charts.
        Path cavity = Cavity.prepare(temp.resolve("cavity"), 1, Map.of("deltaT", "0.00005", "writeInterval", "1000000"), "");
        Path service = Files.createDirectories(temp.resolve("service"));
        List<String> argv = new ArrayList<>(List.of(Shell.java(), "-jar", OpenFoamTest.RUNTIME_JAR.toString(), "run", "--service-dir", service.toString(),
                "--workdir", cavity.toString()));
        argv.addAll(OpenFoamTest.OPTIONS);
        argv.addAll(List.of("--", "icoFoam"));
        launcher = Shell.start(cavity, Cavity.ENVIRONMENT, temp.resolve("job.log"), argv);
        // The preset charts the initial residual of every field the solver solves: the cavity's Ux, Uy and p.
        await().atMost(PATIENCE).until(() -> Platform.at(service).page().figures().containsKey("eta-seconds")
                && Platform.at(service).page().html().contains("<strong>p</strong>")
                && Platform.at(service).page().html().contains("<strong>Uy</strong>"));

        // Tall enough for the residual charts below the progress, resources, storage and controls.
        browser.manage().window().setSize(new Dimension(1280, 1800));
        browser.get(service.resolve("status.html").toUri().toString());

        assertTrue(browser.findElement(By.cssSelector(".big")).getText().endsWith("%"));
        assertEquals(3, browser.findElements(By.cssSelector("figure.chart polyline")).size());
        assertTrue(browser.findElement(By.xpath("//dt[.='Rate']/following-sibling::dd")).getText().endsWith("/s"));
        Chromium.screenshot(browser, "openfoam-cavity");
        Platform.at(service).send("ABORT");
        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }
}
