package io.github.jobruntime.e2e.apptainer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples' images run with the platform's own command line in a real Apptainer, as a non-root user: the page,
 * ABORT from outside, SIGTERM to the apptainer process, and the same under {@code --cleanenv} and
 * {@code --containall}.
 */
@Tag("apptainer")
@ExtendWith(ImagesExtension.class)
class Apptainer_ExamplesTest {

    private static final String ABORTABLE = "abortable_waiter";

    @TempDir
    Path dir;

    private static List<String> java(String example, String... args) {
        List<String> command = new ArrayList<>(List.of("java", "-jar", "/opt/" + example + "/" + example + ".jar"));
        command.addAll(List.of(args));
        return command;
    }

    /** The ABORT case with {@code options} after {@code exec}: first page, ABORT, the final result, exit 0. */
    private void firstPageThenAbortThenResult(SidRoot sid, Images images, List<String> options) {
        try (ContainerJob job = ContainerJob.exec(sid, images, dir, options, ABORTABLE, java(ABORTABLE, "120"))) {
            long firstPage = job.awaitFirstPage();
            job.awaitDone(2);
            long abort = System.nanoTime();
            job.abort();
            long toResult = job.awaitResult(abort);

            assertEquals(0, job.exitCode(), job.log());
            assertTrue(job.result().matches("Done\\. My waiting was aborted after \\d+ seconds\\."), job.result());
            assertEquals(JobState.ABORTED, Platform.at(job.service()).page().state().orElse(null), job.page());
            assertFalse(job.page().contains("notify_running_job"), "no controls on the final page: " + job.page());
            ContainerJob.report("%s %s: first page %d ms after start, ABORT -> result %d ms", ABORTABLE, options,
                    firstPage, toResult);
        }
    }

    @Test
    void abortableWaiterShowsItsPageThenAbortFromOutsideEndsItWithItsResult(SidRoot sid, Images images) {
        firstPageThenAbortThenResult(sid, images, List.of());
    }

    @Test
    void abortUnderCleanenvEndsItWithItsResult(SidRoot sid, Images images) {
        firstPageThenAbortThenResult(sid, images, List.of("--cleanenv"));
    }

    @Test
    void abortUnderContainallEndsItWithItsResult(SidRoot sid, Images images) {
        firstPageThenAbortThenResult(sid, images, List.of("--containall"));
    }

    /** The figure of the README: the same jar's first page inside the container and outside it, in one run. */
    @Test
    void firstPageComesInsideTheContainerAsOutsideIt(SidRoot sid, Images images) throws IOException {
        ContainerJob.folders(dir);
        long inside;
        try (ContainerJob job = ContainerJob.exec(sid, images, dir.resolve("inside"), List.of(), ABORTABLE,
                java(ABORTABLE, "1"))) {
            inside = job.awaitFirstPage();
            assertEquals(0, job.exitCode(), job.log());
        }
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path service = Files.createDirectories(outside.resolve("service"));
        long start = System.nanoTime();
        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Repository.file("examples/" + ABORTABLE + "/target/" + ABORTABLE + ".jar").toString(),
                "--service-dir", service.toString(), "--home-dir", outside.toString(), "--scratch-dir",
                outside.toString(), "1").redirectErrorStream(true).redirectOutput(outside.resolve("job.log").toFile())
                .start();
        try {
            await().atMost(ContainerJob.PATIENCE).pollInterval(Duration.ofMillis(5))
                    .until(() -> Files.exists(service.resolve("status.html")));
            long outsideMillis = ContainerJob.millisSince(start);
            assertTrue(host.waitFor(ContainerJob.PATIENCE.toSeconds(), TimeUnit.SECONDS));
            assertEquals(0, host.exitValue(), Texts.readOrEmpty(outside.resolve("job.log")));
            ContainerJob.report("%s: first page %d ms after the start inside the container (apptainer exec of the SIF"
                    + " file), %d ms outside it (java -jar, the same jar)", ABORTABLE, inside, outsideMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            host.destroyForcibly();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"waiter", ABORTABLE})
    void plainRunSucceedsWithItsResult(String example, SidRoot sid, Images images) {
        try (ContainerJob job = ContainerJob.exec(sid, images, dir, List.of(), example, java(example, "2"))) {
            assertEquals(0, job.exitCode(), job.log());
            assertEquals("Done. I have waited 2 seconds.", job.result(), job.log());
            assertEquals(JobState.SUCCEEDED, Platform.at(job.service()).page().state().orElse(null), job.page());
        }
    }

    @Test
    void sigtermToApptainerCancelsTheJobAndExits143(SidRoot sid, Images images) {
        try (ContainerJob job = ContainerJob.exec(sid, images, dir, List.of(), ABORTABLE, java(ABORTABLE, "120"))) {
            job.awaitDone(2);
            Set<ProcessHandle> all = job.processes();
            long term = System.nanoTime();
            job.sigterm();
            int code = job.exitCode();
            long toExit = ContainerJob.millisSince(term);

            assertEquals(143, code, job.log());
            assertTrue(job.result().startsWith("CANCELLED: "), job.result());
            assertEquals(JobState.CANCELLED, Platform.at(job.service()).page().state().orElse(null), job.page());
            ContainerJob.awaitGone(all);
            ContainerJob.report("%s: SIGTERM to apptainer -> exit 143 in %d ms", ABORTABLE, toExit);
        }
    }
}
