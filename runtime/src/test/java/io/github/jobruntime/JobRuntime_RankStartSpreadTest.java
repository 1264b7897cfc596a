package io.github.jobruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jobruntime.run.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MPI rank above 0 reads the control messages written up to {@code --rank-start-spread} before its own start,
 * and skips older ones as a previous job's: raised, an early ABORT stops a rank that started late.
 */
class JobRuntime_RankStartSpreadTest {

    @TempDir
    Path service;

    /** An ABORT written a minute before this JVM, the rank, started. */
    @BeforeEach
    void abortWrittenBeforeTheRankStarted() throws IOException {
        Path notifications = Files.writeString(service.resolve("notifications.txt"), "ABORT\n");
        Instant rankStart = ProcessHandle.current().info().startInstant().orElseThrow();
        Files.setLastModifiedTime(notifications, FileTime.from(rankStart.minus(Duration.ofMinutes(1))));
    }

    private JobOutcome runAsRankOne(JobRuntime.Builder builder) {
        return builder.serviceDir(service).environment(Map.of("OMPI_COMM_WORLD_RANK", "1")).build().run(ctx -> {
            // ABORT interrupts the sleep; skipped, the job ends by itself.
            Thread.sleep(2_000);
            return "ran";
        });
    }

    @Test
    void aRankStartedWithinTheSpreadReadsTheEarlierAbort() {
        JobOutcome outcome = runAsRankOne(JobRuntime.builder().rankStartSpread(Duration.ofHours(1)));

        assertEquals(JobState.ABORTED, outcome.state(), outcome.toString());
    }

    @Test
    void byDefaultAMessageAMinuteOlderThanTheRankIsAPreviousJobs() {
        JobOutcome outcome = runAsRankOne(JobRuntime.builder());

        assertEquals(new JobOutcome(JobState.SUCCEEDED, "ran", 0), outcome);
    }

    @Test
    void theEnvironmentSetsItAsEveryOtherSetting() {
        JobRuntime runtime = JobRuntime.builder().environment(Map.of("JOB_RUNTIME_RANK_START_SPREAD", "10m")).build();

        assertEquals(Duration.ofMinutes(10), runtime.settings().get(Settings.RANK_START_SPREAD));
    }
}
