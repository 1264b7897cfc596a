package io.github.jobruntime.examples.abortablewaiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.test.RunningJob;
import io.github.jobruntime.test.StatusPage;
import io.github.jobruntime.test.TestPlatform;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The abortable waiter as the platform runs it: a separate JVM, ABORT appended to notifications.txt, signals. */
class AbortableWaiterTest {

    private static final Pattern ABORTED = Pattern.compile("Done\\. My waiting was aborted after (\\d+) seconds\\.");

    @RegisterExtension
    final TestPlatform platform = new TestPlatform();

    @Test
    void abortFromThePageEndsTheWaitWithTheSecondsWaitedAndExitZero() {
        try (RunningJob job = platform.startMain(AbortableWaiter.class, "60")) {
            StatusPage running = job.awaitDone(2);
            assertTrue(running.hasControl("ABORT"), "the Abort button is shown: " + running.html());
            assertTrue(running.html().contains("<h2>About this wait</h2>"), "the example's own page: " + running.html());
            assertEquals("UNSET", job.result());

            job.send("ABORT");

            RunningJob.Ending end = job.awaitEnd();
            assertEquals(0, end.exitCode(), job.report());
            assertEquals(1, Pattern.compile("notification #1: ABORT", Pattern.LITERAL).matcher(job.output()).results()
                    .count(), job.output());
            Matcher m = ABORTED.matcher(end.result());
            assertTrue(m.matches(), end.result());
            int waited = Integer.parseInt(m.group(1));
            assertTrue(waited >= 2 && waited < 60, end.result());
            assertEquals(JobState.ABORTED, end.page().state().orElseThrow());
            assertFalse(end.page().html().contains("<button"), end.page().html());
            assertFalse(end.page().html().contains("notify_running_job"), end.page().html());
            assertTrue(end.page().text().contains(end.result()), "the final page shows the result: " + end.page());
        }
    }

    @Test
    void sigtermCancelsWithExit143() {
        try (RunningJob job = platform.startMain(AbortableWaiter.class, "60")) {
            job.awaitDone(1);

            RunningJob.Ending end = job.terminate().awaitEnd();

            assertEquals(143, end.exitCode(), job.report());
            assertTrue(end.result().startsWith("CANCELLED"), end.result());
            assertEquals(JobState.CANCELLED, end.page().state().orElseThrow());
            assertFalse(end.page().html().contains("<button"), end.page().html());
        }
    }

    @Test
    void withoutAbortItWaitsToTheEnd() {
        try (RunningJob job = platform.startMain(AbortableWaiter.class, "1")) {
            RunningJob.Ending end = job.awaitEnd();

            assertEquals(0, end.exitCode(), job.report());
            assertEquals("Done. I have waited 1 seconds.", end.result());
            assertEquals(JobState.SUCCEEDED, end.page().state().orElseThrow());
            assertFalse(end.page().html().contains("<button"), end.page().html());
        }
    }
}
