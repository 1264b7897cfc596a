package io.github.jobruntime.examples.waiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.test.RunningJob;
import io.github.jobruntime.test.TestPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The waiter as the platform runs it: a separate JVM, the service folder, real signals. */
class WaiterTest {

    @RegisterExtension
    final TestPlatform platform = new TestPlatform();

    /** The waiter with the service folder given as an option, as a bind-less local run gives it. */
    private RunningJob waiter(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--service-dir";
        all[1] = platform.service().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return platform.startMain(Waiter.class, all);
    }

    @Test
    void waitsAndReportsTheExactResult() {
        try (RunningJob job = waiter("1")) {
            RunningJob.Ending end = job.awaitEnd();

            assertEquals(0, end.exitCode(), job.report());
            assertEquals("Done. I have waited 1 seconds.", end.result());
            assertEquals(JobState.SUCCEEDED, end.page().state().orElseThrow());
            assertEquals(1, end.page().done());
        }
    }

    @Test
    void sigtermWritesCancelledFinalPageAndExits143() {
        try (RunningJob job = waiter("60")) {
            job.awaitDone(1);
            assertEquals("UNSET", job.result());

            RunningJob.Ending end = job.terminate().awaitEnd();

            assertEquals(143, end.exitCode(), job.report());
            assertTrue(end.result().startsWith("CANCELLED: "), end.result());
            assertEquals(JobState.CANCELLED, end.page().state().orElseThrow());
        }
    }

    @Test
    void environmentVariableNamesTheServiceFolder() {
        // TestPlatform names its folders in JOB_RUNTIME_SERVICE_DIR and the others, as the base layer does.
        try (RunningJob job = platform.startMain(Waiter.class, "0")) {
            RunningJob.Ending end = job.awaitEnd();

            assertEquals(0, end.exitCode(), job.report());
            assertEquals("Done. I have waited 0 seconds.", end.result());
        }
    }

    @Test
    void missingServiceFolderIsAUsageErrorNamingThePath() {
        Path missing = platform.scratch().resolve("service");
        try (RunningJob job = platform.startMain(Waiter.class, "--service-dir", missing.toString(), "1")) {
            RunningJob.Ending end = job.awaitEnd();

            assertEquals(2, end.exitCode(), job.report());
            assertTrue(job.output().contains("service folder " + missing + " does not exist"), job.output());
            assertTrue(job.output().contains("-B DIR:/service"), job.output());
        }
        assertTrue(Files.notExists(missing));
    }

    @Test
    void negativeSecondsIsAUsageError() {
        try (RunningJob job = waiter("--", "-3")) {
            RunningJob.Ending end = job.awaitEnd();

            assertEquals(2, end.exitCode(), job.report());
            assertTrue(job.output().contains("SECONDS must be 0 or more, got -3"), job.output());
            assertEquals("FAILED: usage error: SECONDS must be 0 or more, got -3", end.result());
            assertEquals(JobState.FAILED, end.page().state().orElseThrow());
        }
    }
}
