package io.github.jobruntime.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.testkit.ChildJvm;
import io.github.jobruntime.testkit.SmallDisk;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A result that cannot be written is a failure, never a success: at the start, and on a full disk at the end. */
@Timeout(120)
class JobRuntime_ResultWriteTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String RESULT = "Converged after 1200 steps; fields in /scratch/run1";

    @TempDir
    Path temp;

    @Test
    void resultTxtThatIsAFolderStopsBeforeTheJobRuns() throws IOException {
        Path service = Files.createDirectory(temp.resolve("service"));
        Path result = Files.createDirectory(service.resolve("result.txt"));
        List<String> ran = new CopyOnWriteArrayList<>();
        JobRuntime runtime = JobRuntime.builder().serviceDir(service).build();

        JobConfigurationException e = assertThrows(JobConfigurationException.class, () -> runtime.run(ctx -> {
            ran.add("ran");
            return "";
        }));

        assertTrue(e.getMessage().contains(result + " is a folder"), e.getMessage());
        assertEquals(List.of(), ran);
        assertFalse(Files.exists(service.resolve("status.html")));
    }

    /**
     * A running job that returns {@link #RESULT} once {@code go} exists, its service folder on {@code disk}, which
     * is full by then.
     */
    private ChildJvm runningOnAFullDisk(SmallDisk disk, Path go, String cancelGrace) throws IOException {
        Path service = Files.createDirectory(disk.dir().resolve("service"));
        ChildJvm job = ChildJvm.start(temp, StopTestJob.class, Map.of(), "--service-dir", service.toString(),
                "--status-interval", "100ms", "--cancel-grace", cancelGrace, "--return-when", go.toString(),
                "--result", RESULT);
        await().atMost(PATIENCE).until(() -> Platform.at(service).page().state().orElse(null) == JobState.RUNNING);
        disk.fill();
        return job;
    }

    @Test
    void resultLostToAFullDiskIsRetriedThroughTheGraceThenExits74WithTheTextInTheLog() throws IOException {
        Path go = temp.resolve("go");
        try (SmallDisk disk = SmallDisk.mount(temp.resolve("disk"))) {
            Path service = disk.dir().resolve("service");
            try (ChildJvm job = runningOnAFullDisk(disk, go, "2s")) {
                Files.createFile(go);

                assertEquals(74, job.exitCode(PATIENCE.toSeconds()), job.stderr());
                assertTrue(job.stderr().contains("result lost"), job.stderr());
                assertTrue(job.stderr().contains(RESULT), "the log keeps the result: " + job.stderr());
            }
            assertEquals(Platform.RESULT_UNSET, Texts.readOrEmpty(service.resolve(Platform.RESULT_FILE)),
                    "the platform reads what was there, never a mix");
        }
    }

    @Test
    void spaceThatComesBackDuringTheGraceGetsTheResultWrittenAndTheNormalExit() throws IOException {
        Path go = temp.resolve("go");
        try (SmallDisk disk = SmallDisk.mount(temp.resolve("disk"))) {
            Path service = disk.dir().resolve("service");
            try (ChildJvm job = runningOnAFullDisk(disk, go, "60s")) {
                Files.createFile(go);
                await().atMost(PATIENCE).until(() -> job.stderr().contains("retrying"));

                disk.free();

                assertEquals(0, job.exitCode(PATIENCE.toSeconds()), job.stderr());
            }
            assertEquals(RESULT, Platform.at(service).result().orElse(""));
            assertEquals(JobState.SUCCEEDED, Platform.at(service).page().state().orElse(null));
        }
    }
}
