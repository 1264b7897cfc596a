package io.github.jobruntime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The platform's side of a service folder: messages appended, the result and the page read as the platform does. */
class PlatformTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path service;

    private Platform platform() {
        return Platform.at(service);
    }

    private String notifications() throws IOException {
        return Files.readString(service.resolve(Platform.NOTIFICATIONS_FILE), UTF_8);
    }

    /** Runs {@code job} on a thread of its own, as the platform's job runs beside it. */
    private static CompletableFuture<JobOutcome> start(JobRuntime runtime, Job job) {
        CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                outcome.complete(runtime.run(job));
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }, "platform-test-job");
        worker.setDaemon(true);
        worker.start();
        return outcome;
    }

    // send

    @Test
    void firstMessageCreatesTheFileAndEachIsOneLine() throws IOException {
        assertFalse(Files.exists(platform().notificationsFile()));

        platform().send("ABORT");
        platform().send("SET speed=3 ✓");

        assertEquals("ABORT\nSET speed=3 ✓\n", notifications());
    }

    @Test
    void fileTheJobRemovedIsCreatedAgainByTheNextMessage() throws IOException {
        platform().send("PING");
        Files.move(platform().notificationsFile(), service.resolve("notifications.old"));

        platform().send("ABORT");

        assertEquals("ABORT\n", notifications());
    }

    @Test
    void messageWithNewlinesIsAppendedAsItIsLikeThePlatformDoes() throws IOException {
        platform().send("STEER a\nSTEER b");

        assertEquals("STEER a\nSTEER b\n", notifications());
    }

    @Test
    void partialLastLineLeftByAnotherWriterIsNotRepaired() throws IOException {
        Files.writeString(platform().notificationsFile(), "PING\nABO", UTF_8);

        platform().send("STOP");

        assertEquals("PING\nABOSTOP\n", notifications(), "the platform appends blindly; the job's reader copes");
    }

    @Test
    void concurrentSendersNeverInterleaveWithinALine() throws Exception {
        int senders = 8;
        int perSender = 200;
        // Longer than a stream's 8 KiB buffer: such a message written through a stream would take several writes.
        String long20k = "x".repeat(20_000);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perSender; i++) {
                        platform().send("MSG " + sender + " " + i + (i % 10 == 0 ? " " + long20k : ""));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> lines = notifications().lines().toList();
        assertEquals(senders * perSender, lines.size());
        Pattern whole = Pattern.compile("MSG (\\d+) (\\d+)( x{20000})?");
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            var m = whole.matcher(line);
            assertTrue(m.matches(), () -> "a line mixed from two messages: " + line.substring(0, Math.min(80,
                    line.length())) + "...");
            assertEquals(Integer.parseInt(m.group(2)) % 10 == 0, m.group(3) != null, m.group(1) + " " + m.group(2));
            seen.add(m.group(1) + " " + m.group(2));
        }
        assertEquals(senders * perSender, seen.size(), "every message once");
    }

    @Test
    void sendToAMissingFolderNamesTheFile() {
        Platform nowhere = Platform.at(service.resolve("missing"));

        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> nowhere.send("ABORT"));

        assertTrue(e.getMessage().contains(service.resolve("missing").resolve("notifications.txt").toString()),
                e.getMessage());
    }

    // result

    @Test
    void resultIsAbsentWithoutAFileAndWhileItSaysUnset() throws IOException {
        assertEquals(Optional.empty(), platform().result());

        Files.writeString(service.resolve(Platform.RESULT_FILE), Platform.RESULT_UNSET, UTF_8);
        assertEquals(Optional.empty(), platform().result());

        Files.writeString(service.resolve(Platform.RESULT_FILE), "drag: 0.31\nlift: 1.2\n", UTF_8);
        assertEquals(Optional.of("drag: 0.31\nlift: 1.2\n"), platform().result());
    }

    // page

    @Test
    void noPageYetReadsAsNothing() {
        Platform.Page page = platform().page();

        assertFalse(page.exists());
        assertEquals("", page.html());
        assertEquals(Optional.empty(), page.state());
        assertEquals(OptionalDouble.empty(), page.done());
        assertEquals(OptionalDouble.empty(), page.total());
        assertEquals(Map.of(), page.figures());
        assertEquals("(no status.html yet)", page.toString());
    }

    @Test
    void pageOfAnotherJobReadsAsNoStateNoProgressNoFigures() {
        Platform.Page page = Platform.Page.parse("<html><head><meta name=\"job-state\" content=\"dancing\">"
                + "<meta name=\"job-progress\" content=\"a/b\"></head><span data-jr=\"cpu-cores\" data-value=\"\">"
                + "</span></html>");

        assertTrue(page.exists());
        assertEquals(Optional.empty(), page.state());
        assertEquals(OptionalDouble.empty(), page.done());
        assertEquals(Map.of(), page.figures());
    }

    @Test
    void decimalAndNegativeProgressIsReadAsWritten() {
        Platform.Page page = Platform.Page.parse("<meta name=\"job-progress\" content=\"0.25/-1\">");

        assertEquals(0.25, page.done().orElseThrow());
        assertEquals(-1, page.total().orElseThrow());
    }

    @Test
    void realPageGivesStateDecimalProgressAndFigures() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        JobRuntime runtime = JobRuntime.builder().title("Figures").serviceDir(service).homeDir(service)
                .scratchDir(service).statusInterval(Duration.ofMillis(50)).walltime(Duration.ofHours(1)).build();
        CompletableFuture<JobOutcome> outcome = start(runtime, ctx -> {
            ctx.progress(0.25, 0.5);
            stop.await();
            return "done";
        });
        try {
            Platform.Page page = await().atMost(PATIENCE).until(() -> platform().page(),
                    p -> p.figure(Platform.Figure.RSS_BYTES).isPresent() && p.done().isPresent());

            assertEquals(Optional.of(JobState.RUNNING), page.state(), page.html());
            assertEquals(0.25, page.done().orElseThrow(), page.html());
            assertEquals(0.5, page.total().orElseThrow(), page.html());
            assertEquals(50.0, page.figure(Platform.Figure.PROGRESS_PERCENT).orElseThrow(), page.html());
            assertTrue(page.figure(Platform.Figure.RSS_BYTES).orElseThrow() > 1 << 20, page.html());
            double left = page.figure(Platform.Figure.WALLTIME_LEFT_S).orElseThrow();
            assertTrue(left > 3500 && left <= 3600, page.html());
            assertEquals(Optional.empty(), platform().result(), "UNSET while the job runs");
            assertEquals("page: state running, progress 0.25/0.5", page.toString());
            Set<String> known = Arrays.stream(Platform.Figure.values()).map(Platform.Figure::key)
                    .collect(Collectors.toSet());
            assertTrue(known.containsAll(page.figures().keySet()),
                    "every data-jr name on the page is a documented Figure: " + page.figures().keySet());
        } finally {
            stop.countDown();
        }
        assertEquals(JobState.SUCCEEDED, outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).state());
        assertEquals(Optional.of(JobState.SUCCEEDED), platform().page().state());
        assertEquals(Optional.of("done"), platform().result());
    }

    @Test
    void abortSentToARealJobEndsIt() throws Exception {
        JobRuntime runtime = JobRuntime.builder().serviceDir(service).homeDir(service).scratchDir(service)
                .notifyPollInterval(Duration.ofMillis(20)).build();
        CompletableFuture<JobOutcome> outcome = start(runtime, ctx -> {
            Thread.sleep(PATIENCE.toMillis());
            return "late";
        });
        await().atMost(PATIENCE).until(() -> platform().page().state().orElse(null) == JobState.RUNNING);

        platform().send("ABORT");

        assertEquals(JobState.ABORTED, outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).state());
        assertEquals(Optional.of(JobState.ABORTED), platform().page().state());
        assertEquals(Optional.of("ABORTED: requested by user"), platform().result());
    }

    @Test
    void pagesAreEqualWhenTheirHtmlIs() {
        assertEquals(Platform.Page.parse("<p>a</p>"), Platform.Page.parse("<p>a</p>"));
        assertEquals(Platform.Page.parse("<p>a</p>").hashCode(), Platform.Page.parse("<p>a</p>").hashCode());
        assertFalse(Platform.Page.parse("<p>a</p>").equals(Platform.Page.parse("<p>b</p>")));
    }
}
