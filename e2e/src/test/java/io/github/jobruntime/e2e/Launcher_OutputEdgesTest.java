package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.SpecialFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code java -jar job-runtime.jar run} as a user runs it, at the edges of the command's output: a pattern that
 * backtracks for ever never holds back the solver, its output or its result, and a {@code --progress-total} file that
 * is a FIFO, a device or too big ends the job as a usage error at once.
 */
class Launcher_OutputEdgesTest {

    private static final String JAR = "launcher/target/job-runtime.jar";
    /** On a line of 60 a's and no b, (.*a){15}b tries some 10^13 ways before it gives up. */
    private static final String BACKTRACKING = "(?<message>(.*a){15}b)";
    private static final int STEPS = 200_000;
    /** Pads each step line, so that the steps after the stuck line come to 11 MB, more than the parser may queue. */
    private static final String DOTS = ".".repeat(36);

    @TempDir
    Path dir;

    private Path service() throws IOException {
        return Files.createDirectories(dir.resolve("service"));
    }

    private Shell.Result run(Path service, String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--service-dir", service.toString()));
        all.addAll(List.of(args));
        return Shell.javaJar(dir, Map.of(), JAR, all);
    }

    /** Quotes the end of a result for an assertion message: the whole output would run to megabytes. */
    private static String brief(Shell.Result run) {
        return "exit code " + run.exitCode() + ", " + run.out().length() + " chars of stdout\n--- stderr\n" + run.err();
    }

    @Test
    void patternThatBacktracksForEverHoldsBackNeitherTheSolverNorItsOutputNorItsResult() throws IOException {
        Path service = service();
        // After the line the pattern is stuck on, more output than the launcher reads ahead, then the real error.
        Path solver = Files.writeString(dir.resolve("solver.sh"), "printf 'a%.0s' {1..60}; echo\n"
                + "seq 1 " + STEPS + " | sed 's/.*/step & of " + STEPS + " " + DOTS + "/'\n"
                + "echo 'ERROR: mesh.dat: bad cell 17' >&2\nexit 3\n");

        Shell.Result run = run(service, "--message", BACKTRACKING, "--", "bash", solver.toString());

        assertEquals(3, run.exitCode(), brief(run));
        assertEquals(expectedSolverOutput().length(), run.out().length(), "every byte passed through: " + brief(run));
        String lastStep = "step " + STEPS + " of " + STEPS + " " + DOTS;
        assertTrue(run.out().endsWith(lastStep + "\n"), brief(run));
        String result = Platform.at(service).result().orElse("");
        // The streams are read apart: the error may pass through before the end of stdout, or after it.
        assertTrue(result.startsWith("FAILED: command exited with code 3\n")
                && (result.contains("\n" + lastStep + "\n") || result.endsWith(lastStep))
                && result.contains("\nERROR: mesh.dat: bad cell 17"), result);
        assertFalse(result.contains("holds"), result);
        assertEquals(JobState.FAILED, Platform.at(service).page().state().orElse(null));
        assertTrue(run.err().contains("--message '" + BACKTRACKING + "'"), "a warning names the option and the "
                + "pattern: " + brief(run));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fifo | is not a regular file but a FIFO",
        "/dev/zero | is not a regular file but a character device",
        "2 GiB of zeros | no match in the first 16 MiB",
    })
    void progressTotalFromAFifoADeviceOrAHugeFileIsAUsageErrorWithAPageAndAResult(String kind, String expected)
            throws Exception {
        Path service = service();
        Path file = switch (kind) {
            case "fifo" -> SpecialFiles.fifo(dir.resolve("controlDict"));
            case "2 GiB of zeros" -> SpecialFiles.sparse(dir.resolve("big.dat"), 2L << 30);
            default -> Path.of(kind);
        };
        Path marker = dir.resolve("ran");

        Shell.Result run = run(service, "--workdir", dir.toString(), "--progress", "^Time = (?<done>\\S+)",
                "--progress-total", file + ":^endTime\\s+(?<total>[^;\\s]+)", "--", "touch", marker.toString());

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains(expected), run.toString());
        assertFalse(Files.exists(marker), "the command did not run");
        String result = Platform.at(service).result().orElse("");
        assertTrue(result.startsWith("FAILED: usage error: --progress-total " + file + ":") && result.contains(expected),
                result);
        assertEquals(JobState.FAILED, Platform.at(service).page().state().orElse(null));
        assertTrue(Platform.at(service).page().html().contains(expected), Platform.at(service).page().html());
    }

    private static String expectedSolverOutput() {
        StringBuilder text = new StringBuilder("a".repeat(60)).append('\n');
        for (int i = 1; i <= STEPS; i++) {
            text.append("step ").append(i).append(" of ").append(STEPS).append(' ').append(DOTS).append('\n');
        }
        return text.toString();
    }
}
