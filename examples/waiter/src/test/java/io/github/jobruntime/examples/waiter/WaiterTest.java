package io.github.jobruntime.examples.waiter;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.ChildJvm;
import io.github.jobruntime.testkit.ServiceDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The waiter as the platform runs it: a separate JVM, the service folder, real signals. */
class WaiterTest {

    @TempDir
    Path dir;

    private Path service() throws IOException {
        return Files.createDirectories(dir.resolve("service"));
    }

    private ChildJvm waiter(Path service, String... args) {
        String[] all = Stream.concat(Stream.of("--service-dir", service.toString()), Stream.of(args))
                .toArray(String[]::new);
        return ChildJvm.start(dir, Waiter.class, Map.of(), all);
    }

    @Test
    void waitsAndReportsTheExactResult() throws IOException {
        Path service = service();
        try (ChildJvm job = waiter(service, "1")) {
            assertEquals(0, job.exitCode(30), job.stderr());
        }
        assertEquals("Done. I have waited 1 seconds.", ServiceDirs.result(service));
        assertEquals("succeeded", ServiceDirs.state(service));
        assertEquals(1, ServiceDirs.done(service));
    }

    @Test
    void sigtermWritesCancelledFinalPageAndExits143() throws IOException {
        Path service = service();
        try (ChildJvm job = waiter(service, "60")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDirs.done(service) >= 1);
            assertEquals("UNSET", ServiceDirs.result(service));

            job.sigterm();

            assertEquals(143, job.exitCode(20), job.stderr());
        }
        assertTrue(ServiceDirs.result(service).startsWith("CANCELLED: "), ServiceDirs.result(service));
        assertEquals("cancelled", ServiceDirs.state(service));
    }

    @Test
    void environmentVariableNamesTheServiceFolder() throws IOException {
        Path service = service();
        try (ChildJvm job = ChildJvm.start(dir, Waiter.class, Map.of("JOB_RUNTIME_SERVICE_DIR", service.toString()),
                "0")) {
            assertEquals(0, job.exitCode(30), job.stderr());
        }
        assertEquals("Done. I have waited 0 seconds.", ServiceDirs.result(service));
    }

    @Test
    void missingServiceFolderIsAUsageErrorNamingThePath() {
        Path missing = dir.resolve("service");
        try (ChildJvm job = waiter(missing, "1")) {
            assertEquals(2, job.exitCode(30));
            assertTrue(job.stderr().contains("service folder " + missing + " does not exist"), job.stderr());
            assertTrue(job.stderr().contains("-B DIR:/service"), job.stderr());
        }
        assertTrue(Files.notExists(missing));
    }

    @Test
    void negativeSecondsIsAUsageError() throws IOException {
        Path service = service();
        try (ChildJvm job = waiter(service, "--", "-3")) {
            assertEquals(2, job.exitCode(30));
            assertTrue(job.stderr().contains("SECONDS must be 0 or more, got -3"), job.stderr());
        }
        assertEquals("FAILED: usage error: SECONDS must be 0 or more, got -3", ServiceDirs.result(service));
        assertEquals("failed", ServiceDirs.state(service));
    }
}
