package io.github.jobruntime.examples.abortablewaiter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.cli.Main;
import io.github.jobruntime.testkit.ChildJvm;
import io.github.jobruntime.testkit.ServiceDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The abortable waiter as the platform runs it: a separate JVM, ABORT appended by another process, signals. */
class AbortableWaiterTest {

    private static final Pattern ABORTED = Pattern.compile("Done\\. My waiting was aborted after (\\d+) seconds\\.");

    @TempDir
    Path dir;

    private Path service() throws IOException {
        return Files.createDirectories(dir.resolve("service"));
    }

    private ChildJvm waiter(Path service, String seconds) {
        return ChildJvm.start(dir, AbortableWaiter.class, Map.of(), "--service-dir", service.toString(), seconds);
    }

    /** Appends ABORT from a process of its own, as the platform does when the Abort button is clicked. */
    private void platformSendsAbort(Path service) {
        try (ChildJvm notify = ChildJvm.start(dir, Main.class, Map.of(),
                "notify", "--service-dir", service.toString(), "ABORT")) {
            assertEquals(0, notify.exitCode(30), notify.stderr());
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void abortFromThePageEndsTheWaitWithTheSecondsWaitedAndExitZero() throws IOException {
        Path service = service();
        try (ChildJvm job = waiter(service, "60")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDirs.done(service) >= 2);
            String running = ServiceDirs.status(service);
            assertTrue(running.contains("data-message=\"ABORT\""), "the Abort button is shown: " + running);
            assertTrue(running.contains("<h2>About this wait</h2>"), "the example's own page: " + running);
            assertEquals("UNSET", ServiceDirs.result(service));

            platformSendsAbort(service);

            assertEquals(0, job.exitCode(20), job.stderr());
            assertEquals(1, count(job.stderr(), "notification #1: ABORT"), job.stderr());
        }
        String result = ServiceDirs.result(service);
        Matcher m = ABORTED.matcher(result);
        assertTrue(m.matches(), result);
        int waited = Integer.parseInt(m.group(1));
        assertTrue(waited >= 2 && waited < 60, result);
        assertEquals("aborted", ServiceDirs.state(service));
        String page = ServiceDirs.status(service);
        assertFalse(page.contains("<button"), page);
        assertFalse(page.contains("notify_running_job"), page);
        assertTrue(page.contains(result), "the final page shows the result: " + page);
    }

    @Test
    void sigtermCancelsWithExit143() throws IOException {
        Path service = service();
        try (ChildJvm job = waiter(service, "60")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDirs.done(service) >= 1);

            job.sigterm();

            assertEquals(143, job.exitCode(20), job.stderr());
        }
        assertTrue(ServiceDirs.result(service).startsWith("CANCELLED"), ServiceDirs.result(service));
        assertEquals("cancelled", ServiceDirs.state(service));
        assertFalse(ServiceDirs.status(service).contains("<button"), ServiceDirs.status(service));
    }

    @Test
    void withoutAbortItWaitsToTheEnd() throws IOException {
        Path service = service();
        try (ChildJvm job = waiter(service, "1")) {
            assertEquals(0, job.exitCode(30), job.stderr());
        }
        assertEquals("Done. I have waited 1 seconds.", ServiceDirs.result(service));
        assertEquals("succeeded", ServiceDirs.state(service));
        assertFalse(ServiceDirs.status(service).contains("<button"), ServiceDirs.status(service));
    }
}
