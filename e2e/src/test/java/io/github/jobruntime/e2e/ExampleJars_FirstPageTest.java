package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first page comes before the command line is parsed, so a wrong command line ends the job on the platform's
 * side too: {@code FAILED: usage error: ...} in result.txt and a final page, besides the usage on standard error and
 * exit code 2. Where there is no service folder, or nothing ran a job, nothing stays written.
 */
class ExampleJars_FirstPageTest {

    @TempDir
    Path dir;

    private Shell.Result java(String jar, Map<String, String> env, String... args) {
        return Shell.javaJar(dir, env, jar, List.of(args));
    }

    private Path service() throws IOException {
        return Files.createDirectories(dir.resolve("service"));
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void badArgumentEndsTheJobAsAUsageErrorWithAFinalPage() throws IOException {
        Path service = service();

        Shell.Result run = java("examples/waiter/target/waiter.jar", Map.of(), "--service-dir", service.toString(),
                "soon");

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("'soon' is not an int") && run.err().contains("Usage: waiter"), run.toString());
        String result = Platform.at(service).result().orElse("");
        assertTrue(result.startsWith("FAILED: usage error: ") && result.contains("'soon' is not an int"), result);
        assertEquals(JobState.FAILED, Platform.at(service).page().state().orElse(null));
        assertTrue(Platform.at(service).page().html().contains("usage error"), Platform.at(service).page().html());
    }

    @Test
    void serviceFolderFromTheEnvironmentGetsTheUsageErrorOfTheLaunchersRun() throws IOException {
        Path service = service();

        Shell.Result run = java("launcher/target/job-runtime.jar", Map.of("JOB_RUNTIME_SERVICE_DIR", service.toString()),
                "run", "--progress", "Step (\\d+", "--", "true");

        assertEquals(2, run.exitCode(), run.toString());
        String result = Platform.at(service).result().orElse("");
        assertTrue(result.startsWith("FAILED: usage error: ") && result.contains("--progress"), result);
        assertEquals(JobState.FAILED, Platform.at(service).page().state().orElse(null));
    }

    @Test
    void missingServiceFolderLeavesAUsageErrorOnStandardErrorOnly() {
        Path missing = dir.resolve("not-bound");

        Shell.Result run = java("examples/waiter/target/waiter.jar", Map.of(), "--service-dir", missing.toString(),
                "soon");

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("'soon' is not an int"), run.toString());
        assertTrue(Files.notExists(missing), "nothing created at " + missing);
    }

    @Test
    void mpiRankAboveZeroWritesNothing() throws IOException {
        Path service = service();

        Shell.Result run = java("examples/waiter/target/waiter.jar", Map.of("OMPI_COMM_WORLD_RANK", "1"),
                "--service-dir", service.toString(), "soon");

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals(List.of(), names(service));
    }

    @Test
    void helpAndVersionWriteNothing() throws IOException {
        Path service = service();

        Shell.Result help = java("examples/waiter/target/waiter.jar", Map.of(), "--service-dir", service.toString(),
                "--help");
        Shell.Result version = java("examples/waiter/target/waiter.jar", Map.of(), "--service-dir",
                service.toString(), "--version");

        assertEquals(0, help.exitCode(), help.toString());
        assertEquals(0, version.exitCode(), version.toString());
        assertEquals(List.of(), names(service));
    }

    @Test
    void notifyWritesNoPage() throws IOException {
        Path service = service();

        Shell.Result run = java("launcher/target/job-runtime.jar", Map.of(), "notify", "--service-dir",
                service.toString(), "PING");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("notifications.txt"), names(service));
    }
}
