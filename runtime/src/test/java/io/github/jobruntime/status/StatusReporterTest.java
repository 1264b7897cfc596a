package io.github.jobruntime.status;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusReporterTest {

    @TempDir
    Path dir;

    private StatusModel model;
    private StatusReporter reporter;

    @AfterEach
    void closeReporter() {
        if (reporter != null) {
            reporter.close();
        }
    }

    private void startReporter(Duration interval) {
        startReporter(interval, StatusReporter.HEARTBEAT);
    }

    private void startReporter(Duration interval, Duration heartbeat) {
        model = new StatusModel("Solver", 20);
        reporter = new StatusReporter(model, dir.resolve("status.html"), interval, "node1", "test", null,
                Clock.systemUTC(), () -> { }, heartbeat);
        reporter.writeNow();
        reporter.start();
    }

    /** How few renders a burst of calls costs with a short interval is a timing figure: bench/ StatusThrottle. */
    @Test
    void aMillionProgressCallsBetweenTwoTicksAreOneRender() {
        startReporter(Duration.ofHours(1));
        long before = reporter.writes();

        for (int i = 1; i <= 1_000_000; i++) {
            model.progress(i, 1_000_000);
        }

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> reporter.writes() == before);
        reporter.wake();
        await().atMost(Duration.ofSeconds(5)).until(() -> Platform.at(dir).page().done().orElse(-1) == 1_000_000);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(before + 1, reporter.writes()));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> reporter.writes() == before + 1);
    }

    @Test
    void unchangedModelIsNotRewritten() {
        startReporter(Duration.ofMillis(50));
        model.progress(1, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> Platform.at(dir).page().done().orElse(-1) == 1);
        long writes = reporter.writes();

        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2))
                .until(() -> reporter.writes() == writes);
    }

    @Test
    void aPageThatShowsATimeLeftIsRewrittenEachIntervalSoThatItCountsDown() {
        startReporter(Duration.ofMillis(50));
        for (int done = 1; done <= 3; done++) {
            model.progress(done, 10);
            int shown = done;
            await().atMost(Duration.ofSeconds(5)).until(() -> Platform.at(dir).page().done().orElse(-1) == shown);
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> Platform.at(dir).page().figure(Platform.Figure.ETA_SECONDS).isPresent());
        long writes = reporter.writes();

        await().atMost(Duration.ofSeconds(5)).until(() -> reporter.writes() > writes + 3);
    }

    @Test
    void anUnchangedPageIsRewrittenOnceAHeartbeatSoItsTimesStayFresh() {
        startReporter(Duration.ofMillis(50), Duration.ofMillis(800));
        model.progress(1, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> Platform.at(dir).page().done().orElse(-1) == 1);
        long writes = reporter.writes();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> reporter.writes() == writes);
        await().atMost(Duration.ofSeconds(5)).until(() -> reporter.writes() > writes);
    }

    @Test
    void wakeWritesAStateChangeBeforeTheIntervalIsOver() {
        startReporter(Duration.ofHours(1));
        model.running(Instant.now());
        reporter.wake();
        await().atMost(Duration.ofSeconds(2))
                .until(() -> Platform.at(dir).page().state().orElse(null) == JobState.RUNNING);
    }

    @Test
    void failedWriteKeepsNothingHalfWrittenAndIsRetriedUntilItSucceeds() throws IOException {
        startReporter(Duration.ofMillis(50));
        model.progress(1, 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> Platform.at(dir).page().done().orElse(-1) == 1);
        // A folder where the temp file should go makes every write fail, as a full disk would.
        Path blocker = Files.createDirectory(dir.resolve("blocked"));
        Path target = dir.resolve("status.html");
        Files.move(target, blocker.resolve("status.html"));
        Files.createDirectory(target);

        model.progress(2, 10);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> Files.isDirectory(target));

        Files.delete(target);
        await().atMost(Duration.ofSeconds(5)).until(() -> Platform.at(dir).page().done().orElse(-1) == 2);
    }

    @Test
    void nothingIsWrittenAfterTheFinalPage() {
        startReporter(Duration.ofMillis(20));
        model.finish(JobState.SUCCEEDED, "ok", Instant.now());
        reporter.writeFinal();
        long writes = reporter.writes();

        model.progress(5, 10);
        model.message("late");
        reporter.wake();
        reporter.writeNow();

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                .until(() -> reporter.writes() == writes);
        assertEquals(JobState.SUCCEEDED, Platform.at(dir).page().state().orElse(null));
    }
}
