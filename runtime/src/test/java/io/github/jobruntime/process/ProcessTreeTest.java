package io.github.jobruntime.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jobruntime.process.ProcessTree.StopReport;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What a stop says about how the command's processes ended. */
class ProcessTreeTest {

    private static final Duration TOOK = Duration.ofMillis(7020);

    @Test
    void processesThatCouldNotBeStoppedAreNamedInsteadOfAllGone() {
        StopReport report = new StopReport(Signal.TERM, 5, 0, TOOK, 2,
                List.of(new StopReport.NotStopped(4242, "not permitted to signal it: it runs as another user"),
                        new StopReport.NotStopped(4343, "survived SIGKILL")), OptionalInt.empty(), "");

        assertEquals("SIGTERM to the command's 5 processes; SIGKILL to the 2 still running at the end of the grace; "
                + "2 NOT stopped after 7.02 s: pid 4242 (not permitted to signal it: it runs as another user), "
                + "pid 4343 (survived SIGKILL)", report.describe());
    }

    @Test
    void allGoneOnlyWhenEveryProcessFoundEndedAndNoneWasMissed() {
        assertEquals("SIGTERM to the command's process; all gone after 7.02 s, exit code 143",
                new StopReport(Signal.TERM, 1, 0, TOOK, 0, List.of(), OptionalInt.of(143), "").describe());
        assertEquals("SIGINT to the command's 3 processes, 2 of them outside its session (found by "
                + "JOB_RUNTIME_COOKIE); all gone after 7.02 s",
                new StopReport(Signal.INT, 3, 2, TOOK, 0, List.of(), OptionalInt.empty(), "").describe());
        assertEquals("SIGTERM to the command's process; every process found is gone after 7.02 s, exit code 143, "
                + "but a process that was not found still holds the command's output: it left the command's session "
                + "and environment, and may still run",
                new StopReport(Signal.TERM, 1, 0, TOOK, 0, List.of(), OptionalInt.of(143), "").withOutputStillHeld()
                        .describe());
    }
}
