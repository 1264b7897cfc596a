package io.github.jobruntime.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Run mode's stop path when something in it is stuck, and a result that could never be written. */
@Timeout(60)
class RunCommand_StopTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path temp;

    private Path service;

    @BeforeEach
    void createServiceFolder() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
    }

    private ChildJvm launcher(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--service-dir", service.toString(),
                "--status-interval", "100ms", "--notify-poll-interval", "50ms", "--workdir", temp.toString()));
        all.addAll(List.of(args));
        return ChildJvm.start(temp, Main.class, Map.of(), all.toArray(String[]::new));
    }

    private void send(String message) {
        Platform.at(service).send(message);
    }

    @Test
    void abortIsNotHeldBackByATouchActionBlockedOnAFifo() throws Exception {
        // A FIFO without a writer blocks whoever opens it, as a hung NFS mount would.
        assertEquals(0, new ProcessBuilder("mkfifo", temp.resolve("fifo").toString()).start().waitFor());
        try (ChildJvm run = launcher("--on", "X=touch:fifo", "--", "sleep", "100")) {
            await().atMost(PATIENCE).until(() -> Platform.at(service).page().state().orElse(null) == JobState.RUNNING);
            send("X");
            await().atMost(PATIENCE).until(() -> run.stderr().contains("notification #1: X"));

            send("ABORT");

            assertEquals(0, run.exitCode(30), run.stderr());
        }
        assertTrue(Platform.at(service).result().orElse("").startsWith("ABORTED: requested by user"),
                Platform.at(service).result().orElse(""));
        assertEquals(JobState.ABORTED, Platform.at(service).page().state().orElse(null));
    }

    @Test
    void resultTxtThatIsAFolderIsAConfigurationErrorAndNothingRuns() throws IOException {
        Path result = Files.createDirectory(service.resolve("result.txt"));
        Path marker = temp.resolve("ran");
        try (ChildJvm run = launcher("--", "touch", marker.toString())) {
            assertEquals(2, run.exitCode(30), run.stderr());
            assertTrue(run.stderr().contains(result + " is a folder"), run.stderr());
        }
        assertFalse(Files.exists(marker), "the command ran");
        assertFalse(Files.exists(service.resolve("status.html")), "a page was written");
    }
}
