package io.github.jobruntime.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.cli.Main;
import io.github.jobruntime.testkit.ChildJvm;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SIGTERM, as scancel sends it, to a real child JVM: at any moment of the start, and while the stop path is stuck. */
@Timeout(900)
class JobRuntime_SigtermTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Signals per mode, spread over the start: half at delays from process start, half after result.txt appears. */
    private static final int TRIES = 24;
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(3);

    @TempDir
    Path temp;

    enum Mode {
        JAVA_JOB, RUN_MODE
    }

    private ChildJvm start(Mode mode, Path service, String... options) {
        List<String> args = new ArrayList<>(mode == Mode.JAVA_JOB ? List.of() : List.of("run"));
        args.addAll(List.of("--service-dir", service.toString(), "--notify-poll-interval", "50ms"));
        args.addAll(List.of(options));
        if (mode == Mode.RUN_MODE) {
            args.addAll(List.of("--", "sleep", "100"));
        }
        return ChildJvm.start(temp, mode == Mode.JAVA_JOB ? StopTestJob.class : Main.class, Map.of(),
                args.toArray(String[]::new));
    }

    private Path newService(String name) throws IOException {
        return Files.createDirectories(temp.resolve(name));
    }

    /** A real SIGTERM through kill(2), without the few milliseconds of starting kill(1). */
    private static void sigterm(ChildJvm job) {
        ProcessHandle.of(job.pid()).ifPresent(ProcessHandle::destroy);
    }

    private static void awaitFile(Path file) {
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(PATIENCE)
                .until(() -> Files.exists(file));
    }

    private static void pauseUntil(long nanoTime) {
        // Places the signal at a moment of the start; this waits for nothing.
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** {@return how long this machine takes now from process start to the first status.html} */
    private Duration timeToFirstPage(Mode mode) throws IOException {
        Path service = newService(mode + "-calibration");
        try (ChildJvm job = start(mode, service)) {
            long started = System.nanoTime();
            awaitFile(service.resolve("status.html"));
            Duration first = Duration.ofNanos(System.nanoTime() - started);
            sigterm(job);
            assertEquals(143, job.exitCode(PATIENCE.toSeconds()), job.stderr());
            return first;
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void sigtermAtAnyMomentOfTheStartEndsCancelledNeverUnset(Mode mode) throws IOException {
        long window = timeToFirstPage(mode).toNanos() * 5 / 4;
        int afterResult = 0;
        int beforeResult = 0;
        for (int i = 0; i < TRIES; i++) {
            Path service = newService(mode + "-" + i);
            Path resultFile = service.resolve("result.txt");
            try (ChildJvm job = start(mode, service)) {
                long started = System.nanoTime();
                if (i % 2 == 0) {
                    pauseUntil(started + window * i / TRIES);
                } else {
                    // The moments just after UNSET is written, where the hook used to be missing.
                    awaitFile(resultFile);
                    pauseUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(i / 2));
                }
                boolean resultWasThere = Files.exists(resultFile);
                long at = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                sigterm(job);

                int code = job.exitCode(PATIENCE.toSeconds());
                String result = Texts.readOrEmpty(resultFile);
                String attempt = mode + " try " + i + ": SIGTERM " + at + " ms after process start, result.txt "
                        + (resultWasThere ? "there" : "not there yet") + "; result \"" + result + "\"\n" + job.stderr();
                assertNotEquals(Platform.RESULT_UNSET, result, attempt);
                if (resultWasThere) {
                    assertTrue(result.startsWith("CANCELLED: "), attempt);
                    afterResult++;
                } else {
                    beforeResult++;
                }
                if (result.isEmpty()) {
                    // Before the hook was in place: nothing written. In the JVM's own first moments, before any
                    // of the runtime's code runs, the JVM may end with a code of its own (1) instead of 143.
                    assertNotEquals(0, code, attempt);
                } else {
                    assertEquals(143, code, attempt);
                    assertTrue(result.startsWith("CANCELLED: "), attempt);
                    assertEquals(JobState.CANCELLED, Platform.at(service).page().state().orElse(null), attempt);
                }
            }
        }
        assertTrue(afterResult >= TRIES / 2 && beforeResult >= 1,
                "the signals covered the start: " + beforeResult + " before result.txt, " + afterResult + " after");
    }

    @Test
    void sigtermWhileAnAbortListenerHangsEndsCancelledWithinTheCancelGrace() throws IOException {
        Path service = newService("hanging-listener");
        try (ChildJvm job = runningWithAHangingListener(service)) {
            assertSigtermEndsItCancelledWithinTheCancelGrace(job, service);
        }
    }

    @Test
    void sigtermDuringAnAbortWhoseListenerHangsEndsCancelledWithinTheCancelGrace() throws IOException {
        Path service = newService("abort-then-sigterm");
        try (ChildJvm job = runningWithAHangingListener(service)) {
            Platform.at(service).send("ABORT");
            await().atMost(PATIENCE).until(() -> Platform.at(service).page().html().contains("Abort requested"));

            assertSigtermEndsItCancelledWithinTheCancelGrace(job, service);
        }
    }

    private ChildJvm runningWithAHangingListener(Path service) {
        ChildJvm job = start(Mode.JAVA_JOB, service, "--hanging-listener", "--cancel-grace",
                CANCEL_GRACE.toSeconds() + "s", "--abort-grace", "60s");
        await().atMost(PATIENCE).until(() -> Platform.at(service).page().state().orElse(null) == JobState.RUNNING);
        return job;
    }

    /** Within the shutdown hook's bound: the grace, and a margin for the writes and the JVM's exit. */
    private static void assertSigtermEndsItCancelledWithinTheCancelGrace(ChildJvm job, Path service) {
        long signalled = System.nanoTime();
        sigterm(job);

        assertEquals(143, job.exitCode(PATIENCE.toSeconds()), job.stderr());
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);
        assertTrue(took.compareTo(CANCEL_GRACE.plusSeconds(2)) < 0, "exit " + took.toMillis() + " ms after SIGTERM\n"
                + job.stderr());
        assertTrue(Platform.at(service).result().orElse("").startsWith("CANCELLED: "),
                Platform.at(service).result().orElse(""));
        assertEquals(JobState.CANCELLED, Platform.at(service).page().state().orElse(null));
    }
}
