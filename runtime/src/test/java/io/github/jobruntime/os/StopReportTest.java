package io.github.jobruntime.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jobruntime.os.StopReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What a stop says about how the command's processes ended. */
class StopReportTest {

    private static final Duration TOOK = Duration.ofMillis(7020);

    @Test
    void processesThatCouldNotBeStoppedAreNamedInsteadOfAllGone() {
        StopReport report = new StopReport(Optional.of(Signal.TERM), 5, 0, 0, TOOK, 2,
                List.of(new StopReport.NotStopped(4242, "not permitted to signal it: it runs as another user"),
                        new StopReport.NotStopped(4343, "survived SIGKILL")), OptionalInt.empty(), "");

        assertEquals("SIGTERM to the command's 5 processes; SIGKILL to the 2 still running at the end of the grace; "
                + "2 NOT stopped after 7.02 s: pid 4242 (not permitted to signal it: it runs as another user), "
                + "pid 4343 (survived SIGKILL)", report.describe());
    }

    @Test
    void allGoneOnlyWhenEveryProcessFoundEndedAndNoneWasMissed() {
        assertEquals("SIGTERM to the command's process; all gone after 7.02 s, exit code 143",
                new StopReport(Optional.of(Signal.TERM), 1, 0, 0, TOOK, 0, List.of(), OptionalInt.of(143), "")
                        .describe());
        assertEquals("SIGINT to the command's 3 processes, 2 of them outside its session (found by "
                + "JOB_RUNTIME_COOKIE); all gone after 7.02 s",
                new StopReport(Optional.of(Signal.INT), 3, 2, 0, TOOK, 0, List.of(), OptionalInt.empty(), "")
                        .describe());
        assertEquals("SIGTERM to the command's process; every process found is gone after 7.02 s, exit code 143, "
                + "but a process that was not found still holds the command's output: it left the command's session "
                + "and environment, and may still run",
                new StopReport(Optional.of(Signal.TERM), 1, 0, 0, TOOK, 0, List.of(), OptionalInt.of(143), "")
                        .withOutputStillHeld().describe());
    }

    @Test
    void processesThatDroppedTheCookieAreToldApartFromWhatTheCookieFound() {
        assertEquals("SIGTERM to the command's 4 processes, 1 of them outside its session (found by "
                + "JOB_RUNTIME_COOKIE), 2 of them outside its session and without "
                + "JOB_RUNTIME_COOKIE; all gone after 7.02 s",
                new StopReport(Optional.of(Signal.TERM), 4, 3, 2, TOOK, 0, List.of(), OptionalInt.empty(), "")
                        .describe());
        assertEquals("SIGTERM to the command's 2 processes, 1 of them outside its session and without "
                + "JOB_RUNTIME_COOKIE; all gone after 7.02 s",
                new StopReport(Optional.of(Signal.TERM), 2, 1, 1, TOOK, 0, List.of(), OptionalInt.empty(), "")
                        .describe());
    }

    @Test
    void whatTheLauncherCannotSeeIsSaidInsteadOfAllGone() {
        assertEquals("SIGTERM to the command's process; every process found is gone after 7.02 s, exit code 143, but "
                + "processes that left its session and dropped JOB_RUNTIME_COOKIE from their environment cannot be "
                + "seen from here", new StopReport(Optional.of(Signal.TERM), 1, 0, 0, TOOK, 0, List.of(),
                OptionalInt.of(143), "processes that left its session and dropped JOB_RUNTIME_COOKIE from their "
                + "environment cannot be seen from here").describe());
    }

    @Test
    void aStopWithoutASignalSaysItWaited() {
        assertEquals("waited for the command's process to end by itself; all gone after 7.02 s, exit code 0",
                new StopReport(Optional.empty(), 1, 0, 0, TOOK, 0, List.of(), OptionalInt.of(0), "").describe());
        assertEquals("waited for the command's 2 processes to end by itself; SIGKILL to the 2 still running at the "
                + "end of the grace; all gone after 7.02 s",
                new StopReport(Optional.empty(), 2, 0, 0, TOOK, 2, List.of(), OptionalInt.empty(), "").describe());
        assertEquals("the command ended by itself, exit code 0",
                new StopReport(Optional.empty(), 0, 0, 0, TOOK, 0, List.of(), OptionalInt.of(0), "").describe());
    }
}
