package io.github.jobruntime.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TestPlatformTest {

    @RegisterExtension
    final TestPlatform platform = new TestPlatform(Duration.ofSeconds(20));

    private static JobRuntime.Builder runtime() {
        return JobRuntime.builder().title("Counter <1>").control("Abort", "ABORT");
    }

    @Test
    void jobInThisJvmShowsItsFiguresAndMessageAndStopsOnAbort() {
        try (RunningJob job = platform.start(runtime(), ctx -> {
            for (int i = 1; i <= 600; i++) {
                ctx.progress(i, 600);
                ctx.message("step " + i + " & counting");
                Thread.sleep(100);
            }
            return "all done";
        })) {
            StatusPage page = job.awaitDone(2);
            assertEquals(600, page.total());
            assertEquals(JobState.RUNNING, page.state().orElseThrow());
            assertTrue(page.hasControl("ABORT"), page.html());
            assertTrue(job.awaitPage("a message", p -> p.message().matches("step \\d+ & counting")).text()
                    .contains("Counter <1>"));

            job.send("ABORT");

            RunningJob.Ending end = job.awaitEnd();
            assertEquals(0, end.exitCode(), job.report());
            assertEquals("ABORTED: requested by user", end.result());
            assertEquals(JobState.ABORTED, end.page().state().orElseThrow());
            assertFalse(end.page().hasControl("ABORT"), end.page().html());
        }
    }

    @Test
    void factsAreReadInTheirOrderAndDecimalProgressAsANumber() {
        try (RunningJob job = platform.start(runtime(), ctx -> {
            ctx.fact("Mesh <cells>", "1,245 & \"more\"");
            ctx.fact("Solver", "icoFoam");
            ctx.fact("Mesh <cells>", "2,000 & 'less'");
            ctx.progress(0.25, 0.5);
            Thread.sleep(60_000);
            return "late";
        })) {
            StatusPage page = job.awaitPage("two facts", p -> p.facts().size() == 2 && p.done() > 0);

            assertEquals(List.of(Map.entry("Mesh <cells>", "2,000 & 'less'"), Map.entry("Solver", "icoFoam")),
                    List.copyOf(page.facts().entrySet()), page.html());
            assertEquals(0.25, page.done(), page.html());
            assertEquals(0.5, page.total(), page.html());
            assertTrue(page.toString().startsWith("state running, progress 0.25/0.5\n"), page.toString());
        }
    }

    @Test
    void machineReadableFiguresAreReadInBaseUnits() {
        try (RunningJob job = platform.start(runtime(), ctx -> {
            ctx.progress(1, 4);
            Thread.sleep(60_000);
            return "late";
        })) {
            StatusPage page = job.awaitPage("the resources card", p -> p.figure("rss-bytes").isPresent());

            assertEquals(25.0, page.figure("progress-percent").orElseThrow(), page.html());
            assertTrue(page.figure("rss-bytes").orElseThrow() > 1 << 20, "a JVM holds more than 1 MiB: " + page.html());
            assertTrue(page.figure("no-such-figure").isEmpty());
            assertEquals(page.figure("rss-bytes"), page.parsed().figure(Platform.Figure.RSS_BYTES));
        }
    }

    @Test
    void aPageWithoutFactsOrProgressReadsAsNoneAndUnknown() {
        try (RunningJob job = platform.start(runtime(), ctx -> {
            Thread.sleep(60_000);
            return "late";
        })) {
            StatusPage page = job.awaitState(JobState.RUNNING);

            assertEquals(Map.of(), page.facts());
            assertEquals(-1, page.total(), page.html());
            assertEquals(Map.of(), new StatusPage("").facts());
            assertEquals(-1, new StatusPage("").done());
        }
    }

    @Test
    void controlWhoseMessageNeedsEscapingIsFoundByItsMessage() {
        String message = "SET name=\"a & b\" <it's> done";
        try (RunningJob job = platform.start(runtime().control("Rename <now>", message), ctx -> {
            Thread.sleep(60_000);
            return "late";
        })) {
            StatusPage page = job.awaitState(JobState.RUNNING);

            assertTrue(page.hasControl(message), page.html());
            assertFalse(page.hasControl("SET name="), page.html());
        }
    }

    @Test
    void messagesAreAppendedOneLineEachAsThePlatformDoes() throws Exception {
        platform.send("FIRST");
        platform.send("SECOND with argument");

        assertEquals(List.of("FIRST", "SECOND with argument"),
                Files.readAllLines(platform.platform().notificationsFile()));
    }

    @Test
    void aWaitInVainFailsWithThePageAndTheResult(@TempDir Path dir) {
        try (TestPlatform impatient = TestPlatform.in(dir, Duration.ofMillis(300));
             RunningJob job = impatient.start(runtime(), ctx -> {
                 Thread.sleep(60_000);
                 return "late";
             })) {
            job.awaitState(JobState.RUNNING);

            AssertionError e = assertThrows(AssertionError.class, () -> job.awaitState(JobState.SUCCEEDED));

            assertTrue(e.getMessage().contains("waited 0 s for the page to show state succeeded"), e.getMessage());
            assertTrue(e.getMessage().contains("--- status.html: state running"), e.getMessage());
            assertTrue(e.getMessage().contains("--- result.txt: UNSET"), e.getMessage());
        }
    }
}
