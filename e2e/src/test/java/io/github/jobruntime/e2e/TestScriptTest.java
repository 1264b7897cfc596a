package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./test.sh run for real in a copy of the repository: the examples on this machine's JVM, and the platform's
 * command line with a stand-in for apptainer.
 */
class TestScriptTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> JARS = List.of("launcher/target/job-runtime.jar",
            "examples/waiter/target/waiter.jar", "examples/abortable_waiter/target/abortable_waiter.jar");

    @TempDir
    Path dir;

    /** A copy of the repository with test.sh and {@code files}; no images, so test.sh runs the jars here. */
    private Path repository(List<String> files) {
        Path repo = dir.resolve("repo");
        List<String> copied = new ArrayList<>(List.of("test.sh"));
        copied.addAll(files);
        Checkout.copy(repo, copied);
        return repo;
    }

    private static Shell.Result testSh(Path repo, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(repo.resolve("test.sh").toString()));
        command.addAll(List.of(args));
        return Shell.run(repo, env, TIMEOUT, command);
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void abortAfterTwoSecondsStopsTheAbortableWaiterAsTheAbortButtonWould() throws IOException {
        Path repo = repository(JARS);

        Shell.Result run = testSh(repo, Map.of(), "abortable_waiter", "30", "--abort-after", "2");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("running examples/abortable_waiter/target/abortable_waiter.jar on this machine"),
                run.toString());
        assertTrue(run.out().contains("\nstatus: running"), run.toString());
        assertTrue(run.out().contains("\nstatus: aborted "), run.toString());
        // Sizes in the unit that shows something, as the runtime's log line gives them: 316.2 KiB, not 0 MiB.
        assertTrue(Pattern.compile("\nresources: CPU \\d+\\.\\d\\d cores mean, peak memory [1-9]\\d*\\.\\d MiB, "
                + "read (\\d+ B|[1-9]\\d*\\.\\d [KMG]iB), written (\\d+ B|[1-9]\\d*\\.\\d [KMG]iB)\nresult.txt: ")
                .matcher(run.out()).find(), "the page's figures: " + run);
        // The ABORT goes out 2 s after the start; on a loaded machine the job may have counted one more second.
        Matcher result = Pattern.compile(
                "\nresult.txt: Done\\. My waiting was aborted after (\\d+) seconds\\.\nexit code: 0\n").matcher(run.out());
        assertTrue(result.find(), run.toString());
        int seconds = Integer.parseInt(result.group(1));
        assertTrue(seconds >= 2 && seconds < 30, "aborted after " + seconds + " s, asked after 2 of 30: " + run);
        assertEquals("ABORT\n", read(repo.resolve("temp_service/notifications.txt")));
    }

    @Test
    void waiterRunsToItsEnd() throws IOException {
        Path repo = repository(JARS);

        Shell.Result run = testSh(repo, Map.of(), "waiter", "1");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("\nstatus: succeeded 1/1"), run.toString());
        assertTrue(run.out().endsWith("\nresult.txt: Done. I have waited 1 seconds.\nexit code: 0\n"), run.toString());
        assertEquals("Done. I have waited 1 seconds.", read(repo.resolve("temp_service/result.txt")));
        assertTrue(Files.isDirectory(repo.resolve("temp_home")) && Files.isDirectory(repo.resolve("temp_scratch")));
    }

    @Test
    void withApptainerAndTheImageItRunsThePlatformsCommandLine() throws IOException {
        Path repo = repository(List.of()).toAbsolutePath();
        Files.createDirectories(repo.resolve("singularity"));
        Files.writeString(repo.resolve("singularity/waiter.simg"), "an image");
        ToolBin bin = ToolBin.in(dir.resolve("bin"))
                .link("bash", "dirname", "rm", "mkdir", "sed", "sleep", "cat")
                .fakeContainerTool("apptainer");

        Shell.Result run = testSh(repo, Map.of("PATH", bin.path()), "waiter", "3");

        String platform = "exec -H " + repo + "/temp_home:/home -B " + repo + "/temp_scratch:/scratch -B " + repo
                + "/temp_service:/service " + repo + "/singularity/waiter.simg java -jar /opt/waiter/waiter.jar 3";
        assertEquals(List.of("apptainer " + platform), bin.calls());
        assertTrue(run.out().contains("running the platform's command line: " + bin.path() + "/apptainer " + platform)
                || run.out().contains("running the platform's command line: apptainer " + platform), run.toString());
        assertTrue(run.out().endsWith("\nresult.txt: ran in the image\nexit code: 7\n"), run.toString());
        assertEquals(7, run.exitCode(), "the job's exit code: " + run);
    }

    @Test
    void helpExplainsTheExamplesAndOptions() {
        Shell.Result run = testSh(repository(List.of()), Map.of(), "--help");

        assertEquals(0, run.exitCode(), run.toString());
        for (String part : List.of("[waiter|abortable_waiter] [SECONDS] [--abort-after N]", "--preview",
                "--port PORT", "apptainer exec -H $PWD/temp_home:/home")) {
            assertTrue(run.out().contains(part), part + " in\n" + run);
        }
    }

    @Test
    void unknownArgumentIsAUsageError() {
        Shell.Result run = testSh(repository(List.of()), Map.of(), "wait");

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().startsWith("test.sh: unknown argument 'wait'"), run.toString());
    }
}
