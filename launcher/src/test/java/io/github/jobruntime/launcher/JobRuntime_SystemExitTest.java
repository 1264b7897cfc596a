package io.github.jobruntime.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java job that ends the JVM itself with {@code System.exit}, as legacy solvers do, in a real child JVM: the
 * result says so at once, and the exit status is the job's. A real SIGTERM is still a cancellation.
 */
class JobRuntime_SystemExitTest {

    /** Far longer than any wait of this test: a result that waited for it would fail the test's own limit. */
    private static final String GRACE = "5m";
    private static final long PATIENCE_SECONDS = 120;
    private static final boolean STATUS_KNOWN = Runtime.version().feature() >= 21;

    @TempDir
    Path temp;

    private ChildJvm start(Path service, String... options) {
        String[] args = new String[options.length + 6];
        System.arraycopy(new String[] {"--service-dir", service.toString(), "--cancel-grace", GRACE,
                "--abort-grace", GRACE}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        return ChildJvm.start(temp, StopTestJob.class, Map.of(), args);
    }

    private Path service() throws IOException {
        return Files.createDirectories(temp.resolve("service"));
    }

    @Test
    void systemExitInTheJobIsReportedAsSuchWithItsStatusKept() throws IOException {
        Path service = service();
        try (ChildJvm job = start(service, "--exit-with", "7")) {
            assertEquals(7, job.exitCode(PATIENCE_SECONDS), job.stderr());

            String result = Platform.at(service).result().orElse("");
            assertTrue(result.startsWith("FAILED: the job ended the JVM itself with System.exit("), result);
            assertTrue(result.contains("called from io.github.jobruntime.launcher.StopTestJob.work(StopTestJob.java:"), result);
            assertFalse(result.contains("termination signal") || result.contains("did not stop"), result);
            if (STATUS_KNOWN) {
                assertTrue(result.contains("System.exit(7)"), result);
            }
            assertEquals(JobState.FAILED, Platform.at(service).page().state().orElse(null));
        }
    }

    @Test
    void systemExitWithZeroIsASuccessWhereTheStatusIsKnown() throws IOException {
        Path service = service();
        try (ChildJvm job = start(service, "--exit-with", "0")) {
            assertEquals(0, job.exitCode(PATIENCE_SECONDS), job.stderr());

            String result = Platform.at(service).result().orElse("");
            assertTrue(result.contains("ended the JVM itself with System.exit("), result);
            assertEquals(STATUS_KNOWN ? JobState.SUCCEEDED : JobState.FAILED,
                    Platform.at(service).page().state().orElse(null),
                    result);
        }
    }

    @Test
    void systemExitInAnAbortListenerEndsTheAbortAtOnce() throws IOException {
        Path service = service();
        try (ChildJvm job = start(service, "--exit-on-abort", "4")) {
            await().atMost(Duration.ofSeconds(PATIENCE_SECONDS))
                    .until(() -> Platform.at(service).page().state().orElse(null) == JobState.RUNNING);
            Platform.at(service).send("ABORT");

            assertEquals(4, job.exitCode(PATIENCE_SECONDS), job.stderr());
            String result = Platform.at(service).result().orElse("");
            assertTrue(result.startsWith("ABORTED: requested by user - the job ended the JVM itself"), result);
        }
    }

    @Test
    void sigtermIsStillACancellation() throws IOException {
        Path service = service();
        try (ChildJvm job = start(service)) {
            await().atMost(Duration.ofSeconds(PATIENCE_SECONDS))
                    .until(() -> Platform.at(service).page().state().orElse(null) == JobState.RUNNING);
            job.sigterm();

            assertEquals(JobRuntime.EXIT_CANCELLED, job.exitCode(PATIENCE_SECONDS), job.stderr());
            assertTrue(Platform.at(service).result().orElse("").startsWith("CANCELLED: stopped by a termination signal"),
                    Platform.at(service).result().orElse(""));
        }
    }
}
