package io.github.jobruntime.e2e.presets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.StartedProcesses;
import io.github.jobruntime.e2e.Chromium;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;

/** The page of a real LAMMPS melt run under the lammps preset in Chromium, mid-run; its screenshot is the README's. */
@Timeout(180)
class LammpsPresetPageTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private ChromeDriver browser;

    @AfterEach
    void quit() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void pageOfARunningMeltShowsProgressTimeLeftAndTheThermoCharts() throws Exception {
        LammpsPresetTest.assumeInstalled();
        browser = Chromium.start();
        PresetRun run = LammpsPresetTest.lmp(started, dir, LammpsPresetTest.melt(dir, ""));
        run.awaitCommand("lmp");
        // A third of the run: the charts have some 30 points each, and the rate and time left are known.
        await().atMost(PresetRun.PATIENCE).until(() -> {
            Platform.Page page = run.page();
            return page.done().orElse(0) >= LammpsPresetTest.STEPS / 3.0
                    && page.figure(Platform.Figure.ETA_SECONDS).isPresent();
        });

        // Tall enough for the thermo charts below the progress, resources and controls.
        browser.manage().window().setSize(new Dimension(1280, 1800));
        browser.get(run.platform().serviceDir().resolve(Platform.STATUS_FILE).toUri().toString());

        assertTrue(browser.findElement(By.cssSelector(".big")).getText().endsWith("%"));
        assertEquals(4, browser.findElements(By.cssSelector("figure.chart polyline")).size(),
                "Temp, E_pair, TotEng and Press");
        assertTrue(browser.findElement(By.xpath("//dt[.='Time left']/following-sibling::dd")).getText()
                .matches(".*\\d.*"));
        Chromium.screenshot(browser, "lammps-melt");
        run.abort();
    }
}
