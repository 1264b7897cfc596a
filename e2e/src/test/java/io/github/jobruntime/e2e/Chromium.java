package io.github.jobruntime.e2e;

import io.github.jobruntime.testkit.Requirement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, driven through Debian's chromedriver. Both paths are given explicitly, so Selenium never
 * looks for (or downloads) a browser or a driver of its own.
 */
public final class Chromium {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** Where the screenshots of a run go (the module's target folder). */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /**
     * Selenium warns for every session that its DevTools classes lag Debian's newer Chromium; the tests use
     * WebDriver only. Held here because java.util.logging keeps loggers weakly.
     */
    @SuppressWarnings("UnusedVariable") // never read: held so that its level stays set, as said above
    private static final Logger CDP_VERSION_LOG = quiet("org.openqa.selenium.devtools.CdpVersionFinder");

    private Chromium() {
    }

    /** Skips the test, or fails it where CI requires Chromium, when the browser or its driver is missing. */
    public static void assumeInstalled() {
        Requirement.assume("chromium", Files.isExecutable(BROWSER),
                BROWSER + " is missing (Debian package chromium)");
        Requirement.assume("chromium", Files.isExecutable(DRIVER),
                DRIVER + " is missing (Debian package chromium-driver)");
    }

    /** Starts a headless browser with a 1280×1040 window; CI runs as root, hence no sandbox. */
    public static ChromeDriver start() {
        assumeInstalled();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1040");
        // A dialog a page opens by mistake must stay open and fail the test, not be dismissed by the next command.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        return new ChromeDriver(service, options);
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    /** Saves what the browser shows as {@code target/screenshots/NAME.png}. */
    public static Path screenshot(ChromeDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + name, e);
        }
    }
}
