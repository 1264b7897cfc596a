package io.github.jobruntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
