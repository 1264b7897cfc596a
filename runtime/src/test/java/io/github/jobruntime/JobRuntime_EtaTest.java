package io.github.jobruntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.ChildJvm;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The time left of a Java job whose clock the test turns: a resumed run, sparse updates, a stall. */
@Timeout(120)
class JobRuntime_EtaTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path service;

    /** A clock that stands still until the test moves it. */
    private static final class TurnedClock extends Clock {
        private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T12:00:00Z"));

        void advance(Duration by) {
            now.updateAndGet(at -> at.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private Platform.Page pageShowing(double done) {
        return await().atMost(PATIENCE).until(() -> Platform.at(service).page(),
                page -> page.done().orElse(-1) == done);
    }

    private double etaOnceItReads(double seconds) {
        return await().atMost(PATIENCE).until(
                () -> Platform.at(service).page().figures().getOrDefault("eta-seconds", -1.0), eta -> eta == seconds);
    }

    /** A job that succeeds at 60 % of its total, as a resumed rsync does; in a child JVM, to read its log. */
    public static final class ShortOfItsTotal {

        public static void main(String[] args) {
            JobOutcome outcome = JobRuntime.builder().title("Copy").serviceDir(Path.of(args[0]))
                    .scratchDir(Path.of(args[0])).homeDir(Path.of(args[0])).build()
                    .run(ctx -> {
                        ctx.progressPercent(60);
                        return "copied";
                    });
            System.exit(outcome.exitCode());
        }
    }

    @Test
    void aSuccessShortOfItsTotalSaysSoInTheLogAndOnThePage(@TempDir Path logs) {
        try (ChildJvm job = ChildJvm.start(logs, ShortOfItsTotal.class, Map.of(), service.toString())) {
            assertEquals(0, job.exitCode(30), job.stderr());

            assertTrue(job.stderr().contains("Copy - ended SUCCEEDED at 60 % of the total, exit code 0"), job.stderr());
            String page = Platform.at(service).page().html();
            assertTrue(page.contains("Ended at 60 % of the total."), page);
            assertTrue(page.contains("data-jr=\"progress-percent\" data-value=\"60\""), page);
        }
    }

    @Test
    void aJobResumedAtHalfShowsTheTrueTimeLeftAfterThreeUpdatesAndCountsItDownBetweenThem() {
        TurnedClock clock = new TurnedClock();
        JobRuntime runtime = JobRuntime.builder().title("Resumed").serviceDir(service).homeDir(service)
                .scratchDir(service).statusInterval(Duration.ofMillis(20)).clock(clock).build();

        JobOutcome outcome = runtime.run(ctx -> {
            clock.advance(Duration.ofSeconds(3)); // start-up, before the checkpoint is read
            ctx.progress(50, 100);
            pageShowing(50);
            for (int done = 60; done <= 80; done += 10) {
                clock.advance(Duration.ofSeconds(10));
                ctx.progress(done, 100);
                pageShowing(done);
            }
            // 1 % a second since the resume: 20 s left; counting the jump from 0 as progress gave 7.5 s.
            etaOnceItReads(20);
            clock.advance(Duration.ofSeconds(6));
            etaOnceItReads(14);
            // A stall: the time left stops where the next update was due, rather than reaching 0.
            clock.advance(Duration.ofSeconds(100));
            etaOnceItReads(10);
            return "done";
        });

        assertEquals(JobState.SUCCEEDED, outcome.state(), outcome.result());
    }
}
