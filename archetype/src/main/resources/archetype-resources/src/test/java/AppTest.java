package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.test.RunningJob;
import io.github.jobruntime.test.StatusPage;
import io.github.jobruntime.test.TestPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job as the platform runs it: fresh service, home and scratch folders, buttons clicked, signals sent. */
class AppTest {

    @RegisterExtension
    final TestPlatform platform = new TestPlatform();

    @Test
    void worksThroughAllStepsAndSaysSo() {
        App app = new App(3, 10);
        try (RunningJob job = platform.start(app.jobRuntime(), app::work)) {
            RunningJob.Ending end = job.awaitEnd();

            assertEquals(0, end.exitCode(), job.report());
            assertEquals("Done: 3 steps.", end.result());
            assertEquals(JobState.SUCCEEDED, end.page().state().orElseThrow());
            assertEquals(3, end.page().done());
            assertEquals(List.of(Map.entry("Steps", "3"), Map.entry("Step length", "10 ms")),
                    List.copyOf(end.page().facts().entrySet()), end.page().toString());
            assertTrue(end.page().text().contains("Steering this run\n${title} ended (Succeeded)"),
                    end.page().toString());
        }
    }

    @Test
    void checkpointButtonWritesTheStepAndAbortStopsTheRun() throws IOException {
        App app = new App(600, 100);
        try (RunningJob job = platform.start(app.jobRuntime(), app::work)) {
            StatusPage running = job.awaitPage("a step done", page -> page.message().matches("Step \\d+ of 600 done"));
            assertTrue(running.hasControl("ABORT") && running.hasControl(App.CHECKPOINT), running.html());
            assertTrue(running.text().contains("Steering this run\nCheckpoint saves the step reached"),
                    running.toString());

            job.send(App.CHECKPOINT);
            StatusPage checkpointed = job.awaitPage("the checkpoint's step",
                    page -> page.facts().containsKey("Last checkpoint"));
            assertEquals(checkpointed.facts().get("Last checkpoint") + "\n",
                    Files.readString(platform.scratch().resolve("checkpoint.txt")));

            job.send("ABORT");
            RunningJob.Ending end = job.awaitEnd();

            assertEquals(0, end.exitCode(), job.report());
            assertTrue(end.result().matches("Stopped after \\d+ of 600 steps\\."), end.result());
            assertEquals(JobState.ABORTED, end.page().state().orElseThrow());
            assertFalse(end.page().hasControl("ABORT"), "the final page has no buttons");
        }
    }

    @Test
    void sigtermFromTheBatchSystemCancelsWithExit143() {
        try (RunningJob job = platform.startMain(App.class, "--step-millis", "100", "600")) {
            job.awaitDone(1);

            RunningJob.Ending end = job.terminate().awaitEnd();

            assertEquals(143, end.exitCode(), job.report());
            assertTrue(end.result().startsWith("CANCELLED"), end.result());
            assertEquals(JobState.CANCELLED, end.page().state().orElseThrow());
        }
    }
}
