package io.github.jobruntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Control messages end to end in one JVM: notifications.txt → tailer → dispatcher → handlers, page, result. */
@Timeout(30)
class JobRuntime_MessagesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private Path service;
    private final CountDownLatch started = new CountDownLatch(1);
    /** Lets a job that waits for the test go on; released after each test, so no job outlives it. */
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void createServiceFolder() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
    }

    @AfterEach
    void releaseJobs() {
        release.countDown();
    }

    // given

    private JobRuntime.Builder runtime() {
        return JobRuntime.builder().title("Messages test").serviceDir(service)
                .statusInterval(Duration.ofMillis(50)).notifyPollInterval(Duration.ofMillis(50))
                // long enough that a job ending in time proves it was interrupted, not given up on
                .abortGrace(Duration.ofSeconds(30));
    }

    /** Runs the job on a thread of its own; the returned future completes with the outcome. */
    private CompletableFuture<JobOutcome> start(JobRuntime.Builder builder, Job job) {
        JobRuntime runtime = builder.build();
        CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        Thread launcher = new Thread(() -> {
            try {
                outcome.complete(runtime.run(ctx -> {
                    started.countDown();
                    return job.run(ctx);
                }));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, "test-launcher");
        launcher.setDaemon(true);
        launcher.start();
        await().atMost(PATIENCE).until(() -> started.getCount() == 0);
        return outcome;
    }

    /** Like a listener or handler stuck on a hung mount: returns only when the test is over. */
    private void waitForTheTest() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String sleepingAMinute(JobContext ctx) throws InterruptedException {
        blockUntilInterrupted();
        return "slept a minute";
    }

    /** A job that waits for {@link #release}, then returns {@code text}. */
    private Job waitingForTheTest(String text) {
        return ctx -> {
            if (!release.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the job");
            }
            return text;
        };
    }

    // when

    private void send(String message) {
        Platform.at(service).send(message);
    }

    // then

    private static JobOutcome ended(CompletableFuture<JobOutcome> outcome) throws Exception {
        return outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private void awaitPageShows(String text) {
        await().atMost(PATIENCE).until(() -> Platform.at(service).page().html().contains(text));
    }

    @Test
    void anAbortLeftByAnEarlierRunDoesNotStopTheJob() throws Exception {
        send("ABORT");
        CompletableFuture<JobOutcome> outcome = start(runtime(), waitingForTheTest("finished"));
        send("PING");
        awaitPageShows("PING");

        release.countDown();

        assertEquals(new JobOutcome(JobState.SUCCEEDED, "finished", 0), ended(outcome));
        assertFalse(Platform.at(service).page().html().contains("ABORT"), Platform.at(service).page().html());
    }

    @Test
    void abortInterruptsAJobSleepingInThreadSleep() throws Exception {
        CompletableFuture<JobOutcome> outcome = start(runtime(), JobRuntime_MessagesTest::sleepingAMinute);

        send("ABORT");

        assertEquals(new JobOutcome(JobState.ABORTED, "ABORTED: requested by user", 0), ended(outcome));
        assertEquals("ABORTED: requested by user", Platform.at(service).result().orElse(""));
        assertEquals(JobState.ABORTED, Platform.at(service).page().state().orElse(null));
        String page = Platform.at(service).page().html();
        assertTrue(page.contains("Abort requested at "), page);
        assertFalse(page.contains("<button"), page);
    }

    @Test
    void abortExitCodeIsTheConfiguredOne() throws Exception {
        CompletableFuture<JobOutcome> outcome =
                start(runtime().abortExitCode(3), JobRuntime_MessagesTest::sleepingAMinute);

        send("ABORT");

        assertEquals(new JobOutcome(JobState.ABORTED, "ABORTED: requested by user", 3), ended(outcome));
    }

    @Test
    void abortArgumentIsTheReasonInTheResult() throws Exception {
        CompletableFuture<JobOutcome> outcome = start(runtime(), JobRuntime_MessagesTest::sleepingAMinute);

        send("ABORT  out of budget ");

        assertEquals("ABORTED: requested by user: out of budget", ended(outcome).result());
        assertEquals("ABORTED: requested by user: out of budget", Platform.at(service).result().orElse(""));
    }

    @Test
    void jobThatReturnsItsOwnTextAfterAbortKeepsThatText() throws Exception {
        CompletableFuture<JobOutcome> outcome = start(runtime(), ctx -> {
            try {
                blockUntilInterrupted();
                return "never";
            } catch (InterruptedException e) {
                return "Stopped early; partial mesh in /scratch/run1";
            }
        });

        send("ABORT");

        assertEquals(new JobOutcome(JobState.ABORTED, "Stopped early; partial mesh in /scratch/run1", 0),
                ended(outcome));
        assertEquals("Stopped early; partial mesh in /scratch/run1", Platform.at(service).result().orElse(""));
        assertEquals(JobState.ABORTED, Platform.at(service).page().state().orElse(null));
    }

    @Test
    void repeatedAbortIsHarmlessTheJobIsStoppedOnce() throws Exception {
        AtomicInteger listenerRuns = new AtomicInteger();
        AtomicInteger interrupts = new AtomicInteger();
        CompletableFuture<JobOutcome> outcome = start(runtime().onAbort(listenerRuns::incrementAndGet), ctx -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                try {
                    if (release.await(1, TimeUnit.SECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupts.incrementAndGet();
                }
            }
            return "stopped once";
        });

        send("ABORT");
        send("ABORT");
        send("ABORT");
        // Three identical messages in a row take one line of the list, with their count.
        await().atMost(PATIENCE).until(() -> Platform.at(service).page().html()
                .contains("<code>ABORT</code> <span class=\"repeats\">×3</span>"));
        release.countDown();

        assertEquals(new JobOutcome(JobState.ABORTED, "stopped once", 0), ended(outcome));
        assertEquals(1, interrupts.get());
        assertEquals(1, listenerRuns.get());
        assertEquals("stopped once", Platform.at(service).result().orElse(""));
    }

    @Test
    void jobThatIgnoresInterruptsStillGetsAResultAfterTheAbortGrace() throws Exception {
        AtomicReference<Thread> worker = new AtomicReference<>();
        AtomicBoolean stopIgnoring = new AtomicBoolean();
        CompletableFuture<JobOutcome> outcome = start(runtime().abortGrace(Duration.ofMillis(300)), ctx -> {
            worker.set(Thread.currentThread());
            // A solver that neither checks the flag nor lets interrupts through; bounded so the test ends.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!stopIgnoring.get() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                Thread.interrupted(); // swallowed on purpose
            }
            return "returned much later";
        });

        send("ABORT");

        String expected = "ABORTED: requested by user (the job did not stop within 300 ms)";
        assertEquals(new JobOutcome(JobState.ABORTED, expected, 0), ended(outcome));
        assertEquals(expected, Platform.at(service).result().orElse(""));
        assertEquals(JobState.ABORTED, Platform.at(service).page().state().orElse(null));

        stopIgnoring.set(true);
        worker.get().join(PATIENCE.toMillis());
        assertFalse(worker.get().isAlive());
        assertEquals(expected, Platform.at(service).result().orElse(""), "the late return does not replace the result");
        assertEquals(JobState.ABORTED, Platform.at(service).page().state().orElse(null));
        assertFalse(Platform.at(service).page().html().contains("returned much later"));
    }

    @Test
    void abortListenerThatNeverReturnsStillGetsAResultWithinTheAbortGrace() throws Exception {
        CompletableFuture<JobOutcome> outcome = start(runtime().abortGrace(Duration.ofMillis(600))
                .onAbort(this::waitForTheTest), JobRuntime_MessagesTest::sleepingAMinute);

        send("ABORT");

        JobOutcome ended = ended(outcome);
        assertEquals(JobState.ABORTED, ended.state());
        assertTrue(ended.result().startsWith("ABORTED: requested by user"), ended.result());
        assertEquals(ended.result(), Platform.at(service).result().orElse(""));
        assertEquals(JobState.ABORTED, Platform.at(service).page().state().orElse(null));
    }

    @Test
    void handlerThatNeverReturnsDoesNotHoldBackAbort() throws Exception {
        CountDownLatch handling = new CountDownLatch(1);
        JobRuntime.Builder builder = runtime().on("CHECKPOINT", (ctx, argument) -> {
            handling.countDown();
            waitForTheTest();
        });
        CompletableFuture<JobOutcome> outcome = start(builder, JobRuntime_MessagesTest::sleepingAMinute);
        send("CHECKPOINT");
        await().atMost(PATIENCE).until(() -> handling.getCount() == 0);

        send("PING");
        send("ABORT");

        assertEquals(new JobOutcome(JobState.ABORTED, "ABORTED: requested by user", 0), ended(outcome));
        String page = Platform.at(service).page().html();
        assertTrue(page.contains("<code>ABORT</code></td><td><span class=\"outcome acknowledged\">"), page);
        assertTrue(page.contains("<code>CHECKPOINT</code></td><td><span class=\"outcome unfinished\">"), page);
        assertTrue(page.contains("<code>PING</code></td><td><span class=\"outcome unfinished\">"), page);
    }

    @RepeatedTest(20)
    void finalPageListsEveryMessageReceivedBeforeTheEnd() throws Exception {
        CompletableFuture<JobOutcome> outcome = start(runtime(), JobRuntime_MessagesTest::sleepingAMinute);

        send("PING");
        send("ABORT");

        assertEquals(JobState.ABORTED, ended(outcome).state());
        String page = Platform.at(service).page().html();
        assertTrue(page.contains("<code>PING</code>"), page);
        assertTrue(page.contains("<code>ABORT</code>"), page);
    }

    @Test
    void messageWhoseHandlerLetsTheJobEndIsOnTheFinalPage() throws Exception {
        JobRuntime.Builder builder = runtime().on("FINISH", (ctx, argument) -> {
            release.countDown();
            // the rest of the handler's work, done while the job already returns
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        });
        CompletableFuture<JobOutcome> outcome = start(builder, waitingForTheTest("finished"));

        send("FINISH");

        assertEquals(JobState.SUCCEEDED, ended(outcome).state());
        assertTrue(Platform.at(service).page().html().contains(
                "<code>FINISH</code></td><td><span class=\"outcome acknowledged\">"), Platform.at(service).page().html());
    }

    @Test
    void abortListenersRunBeforeTheWorkerIsInterrupted() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        JobRuntime.Builder builder = runtime()
                .onAbort(() -> events.add("first listener"))
                .onAbort(() -> {
                    events.add("failing listener");
                    throw new IllegalStateException("listener bug");
                })
                .onAbort(() -> events.add("last listener"));
        CompletableFuture<JobOutcome> outcome = start(builder, ctx -> {
            try {
                blockUntilInterrupted();
            } catch (InterruptedException e) {
                events.add("worker interrupted");
                throw e;
            }
            return "never";
        });

        send("ABORT");

        assertEquals(JobState.ABORTED, ended(outcome).state());
        assertEquals(List.of("first listener", "failing listener", "last listener", "worker interrupted"), events);
    }

    @Test
    void stopRequestIsAbortedAfterAbort() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<JobOutcome> outcome = start(runtime(), ctx -> {
            seen.add(ctx.stopRequest());
            seen.add(ctx.isAbortRequested());
            ctx.checkAbort();
            try {
                blockUntilInterrupted();
            } catch (InterruptedException e) {
                seen.add(ctx.stopRequest());
                seen.add(ctx.isAbortRequested());
                seen.add(assertThrows(JobAbortedException.class, ctx::checkAbort).getMessage());
            }
            return "checked";
        });

        send("ABORT");

        assertEquals("checked", ended(outcome).result());
        assertEquals(List.of(Optional.empty(), false, Optional.of(JobState.ABORTED), true,
                "ABORTED: requested by user"), seen);
    }

    @Test
    void customHandlerReceivesTheTrimmedArgumentOnTheDispatchThread() throws Exception {
        List<String> arguments = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Path> folders = new CopyOnWriteArrayList<>();
        CountDownLatch handled = new CountDownLatch(2);
        JobRuntime.Builder builder = runtime().on("CHECKPOINT", (ctx, argument) -> {
            arguments.add(argument);
            threads.add(Thread.currentThread().getName());
            folders.add(ctx.serviceDir());
            handled.countDown();
        });
        CompletableFuture<JobOutcome> outcome = start(builder, ctx -> {
            if (!handled.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no checkpoint request arrived");
            }
            return "checkpointed";
        });

        send("CHECKPOINT  step-42 ");
        send("CHECKPOINT");

        assertEquals(new JobOutcome(JobState.SUCCEEDED, "checkpointed", 0), ended(outcome));
        assertEquals(List.of("step-42", ""), arguments);
        assertEquals(List.of("job-runtime-dispatch", "job-runtime-dispatch"), threads);
        assertEquals(List.of(service, service), folders);
    }

    @Test
    void handlerExceptionIsShownOnThePageAndTheJobGoesOnToSucceed() throws Exception {
        JobRuntime.Builder builder = runtime().on("CHECKPOINT", (ctx, argument) -> {
            throw new IOException("no space left for checkpoint " + argument);
        });
        CompletableFuture<JobOutcome> outcome = start(builder, waitingForTheTest("converged"));

        send("CHECKPOINT 7");

        awaitPageShows("<code>CHECKPOINT 7</code></td><td><span class=\"outcome failed\">failed</span> "
                + "no space left for checkpoint 7");
        assertEquals(JobState.RUNNING, Platform.at(service).page().state().orElse(null));
        assertEquals(Platform.RESULT_UNSET, Texts.readOrEmpty(service.resolve(Platform.RESULT_FILE)));
        release.countDown();
        assertEquals(new JobOutcome(JobState.SUCCEEDED, "converged", 0), ended(outcome));
        assertEquals("converged", Platform.at(service).result().orElse(""));
    }

    @Test
    void unknownCommandIsShownOnThePageAsIgnored() throws Exception {
        CompletableFuture<JobOutcome> outcome = start(runtime(), waitingForTheTest("done"));

        send("PING x");

        awaitPageShows("<code>PING x</code></td><td><span class=\"outcome ignored\">ignored</span> unknown command");
        release.countDown();
        assertEquals(new JobOutcome(JobState.SUCCEEDED, "done", 0), ended(outcome));
    }

    @Test
    void acknowledgedMessageIsListedOnThePage() throws Exception {
        CompletableFuture<JobOutcome> outcome =
                start(runtime().on("PING", (ctx, argument) -> { }), waitingForTheTest("done"));

        send("PING");

        awaitPageShows("<code>PING</code></td><td><span class=\"outcome acknowledged\">acknowledged</span></td>");
        release.countDown();
        assertEquals(JobState.SUCCEEDED, ended(outcome).state());
    }

    @Test
    void appHandlerForAbortReplacesTheBuiltInStop() throws Exception {
        List<String> arguments = new CopyOnWriteArrayList<>();
        AtomicBoolean abortRequested = new AtomicBoolean();
        JobRuntime.Builder builder = runtime().on("ABORT", (ctx, argument) -> {
            arguments.add(argument);
            abortRequested.set(ctx.isAbortRequested());
            release.countDown();
        });
        CompletableFuture<JobOutcome> outcome = start(builder, waitingForTheTest("kept going"));

        send("ABORT soon");

        assertEquals(new JobOutcome(JobState.SUCCEEDED, "kept going", 0), ended(outcome));
        assertEquals(List.of("soon"), arguments);
        assertFalse(abortRequested.get());
    }

    @Test
    void abortAppendedByAnotherProcessIsSeenWithPollingOnly() throws Exception {
        CompletableFuture<JobOutcome> outcome =
                start(runtime().notifyWatch(false), JobRuntime_MessagesTest::sleepingAMinute);

        // The platform is another process: the launcher's notify does the same, in launcher's NotifyCommandTest.
        Process platform = new ProcessBuilder("sh", "-c", "printf 'ABORT\\n' >> \"$0\"",
                service.resolve("notifications.txt").toString()).inheritIO().start();
        assertTrue(platform.waitFor(30, TimeUnit.SECONDS) && platform.exitValue() == 0, "sh appended ABORT");

        assertEquals(new JobOutcome(JobState.ABORTED, "ABORTED: requested by user", 0), ended(outcome));
    }

    @Test
    void handlerCommandMustBeOneWord() {
        MessageHandler handler = (ctx, argument) -> { };
        for (String bad : List.of("", " ", "\t", "CHECK POINT", " CHECKPOINT", "CHECKPOINT\n")) {
            JobConfigurationException e = assertThrows(JobConfigurationException.class,
                    () -> JobRuntime.builder().on(bad, handler), "command \"" + bad + "\"");
            assertTrue(e.getMessage().contains("one word"), e.getMessage());
        }
    }

    @Test
    void registeringTheSameCommandTwiceIsRefused() {
        JobRuntime.Builder builder = JobRuntime.builder().on("CHECKPOINT", (ctx, argument) -> { });

        JobConfigurationException e = assertThrows(JobConfigurationException.class,
                () -> builder.on("CHECKPOINT", (ctx, argument) -> { }));

        assertTrue(e.getMessage().contains("CHECKPOINT is already registered"), e.getMessage());
    }

    /** What a job does while it computes: blocks until the runtime interrupts it. */
    private static void blockUntilInterrupted() throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
