package io.github.jobruntime.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar job-runtime.jar run -- python3 script.py} as most users run Python: print() with no flush, stdout a
 * pipe. The launcher's own environment is cleared of the unbuffering variables, as on a machine that never set them.
 */
@Timeout(180)
class Launcher_UnbufferedTest {

    private static final String JAR = "launcher/target/job-runtime.jar";
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Prints its first steps at once, then says so in a file and waits: it ends only when stopped. */
    private static final String SOLVER = """
            import time

            print("setting up")
            for step in range(1, 4):
                time.sleep(0.1)
                print(f"step {step} of 100")
            open("printed", "w").close()
            time.sleep(600)
            """;

    @TempDir
    Path dir;

    private Path service;
    private Process launcher;

    @BeforeEach
    void createServiceFolder() throws IOException {
        service = Files.createDirectories(dir.resolve("service"));
        Files.writeString(dir.resolve("solver.py"), SOLVER);
    }

    @AfterEach
    void stopLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroy();
            launcher.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private void start(String... options) {
        List<String> command = new ArrayList<>(List.of("env", "-u", "PYTHONUNBUFFERED", "-u",
                "GFORTRAN_UNBUFFERED_PRECONNECTED", Shell.java(), "-jar", Checkout.file(JAR).toString(), "run",
                "--service-dir", service.toString(), "--workdir", dir.toString(),
                "--progress", "step (?<done>\\d+) of (?<total>\\d+)"));
        command.addAll(List.of(options));
        command.addAll(List.of("--", "/usr/bin/python3", "solver.py"));
        launcher = Shell.start(dir, Map.of(), dir.resolve("launcher.log"), command);
    }

    private void abort() throws InterruptedException {
        Platform.at(service).send("ABORT");
        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the launcher ends after ABORT");
        assertEquals(JobState.ABORTED, Platform.at(service).page().state().orElse(null));
    }

    @Test
    void printedProgressReachesThePageWhileTheScriptRuns() throws InterruptedException {
        start();

        await().atMost(PATIENCE).untilAsserted(() -> assertEquals(3, Platform.at(service).page().done().orElse(-1)));
        assertTrue(Platform.at(service).page().html().contains("setting up"), "the log tail shows the print()s");
        assertTrue(launcher.isAlive());
        abort();
    }

    @Test
    void unbufferedFalseLeavesPythonToBufferItsOutputOnThePipe() throws InterruptedException {
        start("--unbuffered=false");

        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("printed")));
        await().during(Duration.ofSeconds(2)).atMost(PATIENCE).untilAsserted(() -> assertTrue(
                Platform.at(service).page().done().orElse(0) == 0, Platform.at(service).page().toString()));
        abort();
    }
}
