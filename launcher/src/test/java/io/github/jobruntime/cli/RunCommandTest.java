package io.github.jobruntime.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.ChildJvm;
import io.github.jobruntime.testkit.Pids;
import io.github.jobruntime.testkit.SpecialFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code job-runtime run}: the command line, and the launcher as a real process with a real process tree. */
@Timeout(60)
class RunCommandTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /**
     * How a stop's result says that every process found is gone, as a regex: "all gone" where the launcher is a child
     * subreaper (Java 22 and later), else with what it cannot see.
     */
    private static final String ALL_GONE = Runtime.version().feature() >= 22 ? "all gone after [0-9.]+ s.*"
            : "every process found is gone after [0-9.]+ s.*" + Pattern.quote(", but processes that left its session and "
                    + "dropped JOB_RUNTIME_COOKIE from their environment cannot be seen from here");
    /** The same for a command that ended before the stop looked. */
    private static final String ENDED_BY_ITSELF = "the command ended by itself, exit code 0"
            + (Runtime.version().feature() >= 22 ? "" : Pattern.quote(", but processes that left its session and "
                    + "dropped JOB_RUNTIME_COOKIE from their environment cannot be seen from here"));

    @TempDir
    Path temp;

    private Path service;
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void createServiceFolder() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
    }

    // when

    private int execute(String... args) {
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }

    private ChildJvm launcher(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("run", "--service-dir", service.toString(),
                "--status-interval", "100ms", "--notify-poll-interval", "50ms"));
        all.addAll(List.of(args));
        return ChildJvm.start(temp, Main.class, env, all.toArray(String[]::new));
    }

    /** A tree of a shell, its child and a grandchild, their pids written to {@code pids}. */
    private String[] tree(Path pids) {
        return new String[] {"--", "bash", "-c", "echo $$ >> " + pids + "; sleep 300 & echo $! >> " + pids
                + "; (sleep 300 & echo $! >> " + pids + "; wait) & wait"};
    }

    /**
     * A solver that stops cleanly when {@code stop} appears in its folder, as OpenFOAM's {@code abort} function
     * object does; a signal it gets is noted in {@code signals}.
     */
    private static String[] watchesStopFile(Path pids, Path signals, String stop) {
        return new String[] {"bash", "-c", "trap 'echo TERM >> " + signals + "' TERM; trap 'echo USR1 >> " + signals
                + "' USR1; echo $$ > " + pids + "; until [ -e " + stop + " ]; do sleep 0.02; done; rm " + stop};
    }

    // then

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--progress | Step (\\d+ | --progress",
        "--progress | Step (?<step>\\d+) | (?<done>...) and (?<total>...), (?<done>...) with --progress-total",
        "--progress-total | 0 | is neither a positive number nor FILE:REGEX",
        "--progress-total | NaN | is neither a positive number nor FILE:REGEX",
        "--progress-total | system/controlDict:^endTime\\s+([^;]+) | needs the named group (?<total>...)",
        "--progress-total | system/controlDict:^endTime(?<total> | is not a valid regular expression",
        "--metric | residual | is not NAME=REGEX",
        "--metric | residual=Initial residual = (\\S+) | needs the named group (?<value>...)",
        "--metric | file:train.log:loss | is not NAME=REGEX",
        "--table | Temp,,Press | has an empty column name",
        "--table | file:Temp | names no file",
        "--fact | Courant | is not NAME=REGEX",
        "--fact | Courant=max: (\\S+) | for fact Courant needs the named group (?<value>...)",
        "--section | mesh.html | is not TITLE=PATH",
        "--image | plot.pdf | is not a .png, .jpg, .jpeg, .gif, .webp or .svg file",
        "--abort-signal | TERMINATE | unknown signal \"TERMINATE\"",
        "--tree-signal-delay | soon | 'soon' is not a duration",
        "--tree-signal-delay | PT-1S | is negative - give 0 to signal the whole tree at once",
        "--on | CHECKPOINT=shell:make ckpt | unknown action \"shell:make ckpt\"",
        "--on | CHECK POINT=stdin | must be one word",
        "--on | ABORT=touch:stop | ABORT is built in",
        "--control | Abort | is not LABEL=MESSAGE",
    })
    void badOptionIsAUsageErrorNamingIt(String option, String value, String expected) {
        int code = execute("run", "--service-dir", service.toString(), option, value, "--", "true");

        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(option), err.toString());
        assertTrue(err.toString().contains(expected), err.toString());
        assertFalse(Files.exists(service.resolve("result.txt")), "nothing written for a usage error");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "endTime 0.5; | ^endTime\\s+(?<total>[^;\\s]+) | 0.25/0.5",
        "endTime 2e3; | ^endTime\\s+(?<total>[^;\\s]+) | 0.25/2000",
    })
    void progressTotalIsReadFromTheInputFileAtStart(String line, String regex, String meta) throws IOException {
        Files.createDirectories(temp.resolve("case/system"));
        Files.writeString(temp.resolve("case/system/controlDict"), "startTime 0;\n" + line + "\ndeltaT 0.005;\n");

        int code = execute("run", "--service-dir", service.toString(), "--workdir", temp.resolve("case").toString(),
                "--progress", "^Time = (?<done>\\S+)", "--progress-total", "system/controlDict:" + regex,
                "--", "echo", "Time = 0.25");

        assertEquals(0, code, err.toString());
        assertTrue(Platform.at(service).page().html().contains("job-progress\" content=\"" + meta + "\""),
                Platform.at(service).page().html());
    }

    @Test
    void severalProgressRulesTakeTheTotalOnlyWhereTheyLackOne() throws IOException {
        // One line each, as the first rule that matches drives the bar from then on.
        for (String line : List.of("Step 3 of 4", "Time = 0.125")) {
            Path folder = Files.createDirectories(temp.resolve("service-" + line.charAt(0)));
            int code = execute("run", "--service-dir", folder.toString(), "--progress", "^Time = (?<done>\\S+)",
                    "--progress", "^Step (?<done>\\d+) of (?<total>\\d+)", "--progress-total", "0.5",
                    "--", "echo", line);

            assertEquals(0, code, err.toString());
            String expected = line.startsWith("Step") ? "3/4" : "0.125/0.5";
            assertTrue(Platform.at(folder).page().html().contains("job-progress\" content=\"" + expected + "\""),
                    Platform.at(folder).page().html());
        }
    }

    @Test
    void aTotalRuleReadingAFileTheCommandWritesStandsForTheProgressTotal() {
        // As the lammps preset reads "run N" from the log LAMMPS writes, and the steps from its output; the step
        // comes first, the file is read last, at the end.
        int code = execute("run", "--service-dir", service.toString(), "--workdir", temp.toString(),
                "--progress", "^Step (?<done>\\d+)$", "--progress", "file:log.txt:^run\\s+(?<total>\\d+)",
                "--", "bash", "-c", "echo 'Step 10'; echo 'run 40' > log.txt");

        assertEquals(0, code, err.toString());
        assertTrue(Platform.at(service).page().html().contains("job-progress\" content=\"10/40\""),
                Platform.at(service).page().html());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", value = {
        "epochs:  20%|##        | 1/5 [00:04<00:16,  4.01s/it] -> 4.01s/it",
        "batch:  35%|###5      | 7/20 [00:01<00:02,  4.95it/s] -> 4.95it/s",
    })
    void tqdmPresetShowsTheBarsSpeedInEitherOfTqdmsUnits(String bar, String speed) {
        // tqdm writes s/it instead of it/s once an iteration takes longer than a second, as an epoch does.
        int code = execute(Presets.expand(new String[] {"run", "--service-dir", service.toString(), "--preset", "tqdm",
                "--", "bash", "-c", "printf '%s\\n' \"$0\" >&2", bar}));

        assertEquals(0, code, err.toString());
        String html = Platform.at(service).page().html();
        assertTrue(html.contains("<th scope=\"row\">Speed</th><td>" + speed + "</td>"), html);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nowhere/controlDict | ^endTime\\s+(?<total>[^;\\s]+) | there is no file",
        "controlDict | ^stopTime\\s+(?<total>[^;\\s]+) | no match in",
        "controlDict | ^(?<total>endTime) | has \"endTime\" as total, not a positive number",
    })
    void unusableProgressTotalFileIsAUsageErrorBeforeAnythingRuns(String file, String regex, String expected)
            throws IOException {
        Files.writeString(temp.resolve("controlDict"), "endTime 0.5;\n");
        Path marker = temp.resolve("ran");

        try (ChildJvm run = launcher(Map.of(), "--workdir", temp.toString(), "--progress", "^Time = (?<done>\\S+)",
                "--progress-total", file + ":" + regex, "--", "touch", marker.toString())) {
            assertEquals(2, run.exitCode(30), run.stderr());
            assertTrue(run.stderr().contains("--progress-total " + file + ":" + regex), run.stderr());
            assertTrue(run.stderr().contains(expected), run.stderr());
        }
        assertFalse(Files.exists(marker), "the command did not run");
        // The platform's user reads the result, rarely the log: the usage error ends the job there.
        String result = Platform.at(service).result().orElse("");
        assertTrue(result.startsWith("FAILED: usage error: ") && result.contains("--progress-total " + file + ":")
                && result.contains(expected), result);
        assertTrue(Platform.at(service).page().html().contains("<meta name=\"job-state\" content=\"failed\">"),
                Platform.at(service).page().html());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "fifo | is not a regular file but a FIFO",
        "/dev/zero | is not a regular file but a character device",
        "folder | is not a regular file but a folder",
        "2 GiB of zeros | no match in the first 16 MiB",
    })
    void progressTotalFromAnythingButARegularFileOrPastItsFirst16MiBIsAUsageError(String kind, String expected)
            throws Exception {
        Path file = switch (kind) {
            case "fifo" -> SpecialFiles.fifo(temp.resolve("controlDict"));
            case "folder" -> Files.createDirectory(temp.resolve("system"));
            case "2 GiB of zeros" -> SpecialFiles.sparse(temp.resolve("big.dat"), 2L << 30);
            default -> Path.of(kind);
        };
        Path marker = temp.resolve("ran");

        try (ChildJvm run = launcher(Map.of(), "--workdir", temp.toString(), "--progress", "^Time = (?<done>\\S+)",
                "--progress-total", file + ":^endTime\\s+(?<total>[^;\\s]+)", "--", "touch", marker.toString())) {
            assertEquals(2, run.exitCode(30), run.stderr());
            assertTrue(run.stderr().contains(expected), run.stderr());
        }
        assertFalse(Files.exists(marker), "the command did not run");
        String result = Platform.at(service).result().orElse("");
        assertTrue(result.startsWith("FAILED: usage error: --progress-total " + file + ":") && result.contains(expected),
                result);
        assertEquals(JobState.FAILED, Platform.at(service).page().state().orElse(null));
    }

    @Test
    void doneWithoutAnyTotalIsAUsageError() {
        try (ChildJvm run = launcher(Map.of(), "--progress", "^Time = (?<done>\\S+)", "--", "true")) {
            assertEquals(2, run.exitCode(30), run.stderr());
            assertTrue(run.stderr().contains("has no (?<total>...) group - give the total with --progress-total"),
                    run.stderr());
        }
    }

    @Test
    void resultFileAndResultTextExcludeEachOther() {
        int code = execute("run", "--result-file", "a.txt", "--result-text", "done", "--", "true");

        assertEquals(2, code);
        assertTrue(err.toString().contains("mutually exclusive"), err.toString());
    }

    @Test
    void twoActionsForOneMessageAreAUsageError() {
        try (ChildJvm run = launcher(Map.of(), "--on", "STEER=stdin", "--on", "STEER=signal:USR1", "--", "true")) {
            assertEquals(2, run.exitCode(30), run.stderr());
            assertTrue(run.stderr().contains("--on STEER is given twice"), run.stderr());
        }
    }

    @Test
    void missingWorkdirIsAUsageError() {
        try (ChildJvm run = launcher(Map.of(), "--workdir", temp.resolve("nowhere").toString(), "--", "true")) {
            assertEquals(2, run.exitCode(30), run.stderr());
            assertTrue(run.stderr().contains("working directory " + temp.resolve("nowhere") + " is not a folder"),
                    run.stderr());
        }
    }

    @Test
    void launcherExitsWithTheCommandsCode() {
        try (ChildJvm run = launcher(Map.of(), "--", "bash", "-c", "echo computing; exit 42")) {
            assertEquals(42, run.exitCode(30), run.stderr());
            assertTrue(run.stdout().contains("computing"), "output passes through: " + run.stdout());
            assertTrue(Platform.at(service).result().orElse("").startsWith("FAILED: command exited with code 42"));
        }
    }

    @Test
    void sigtermToTheLauncherCancelsTheWholeTree() {
        Path pidFile = temp.resolve("pids");
        try (ChildJvm run = launcher(Map.of(), tree(pidFile))) {
            List<Long> pids = Pids.await(pidFile, 3, PATIENCE);

            run.sigterm();

            assertEquals(143, run.exitCode(30), run.stderr());
            assertTrue(Platform.at(service).result().orElse("").startsWith("CANCELLED: stopped by a termination signal"),
                    Platform.at(service).result().orElse(""));
            assertEquals(JobState.CANCELLED, Platform.at(service).page().state().orElse(null));
            pids.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " outlived the launcher"));
        }
    }

    @Test
    void sigtermToTheLauncherLetsAWrapperScriptsTrapFinishItsCleanUp() throws IOException {
        Path pidFile = temp.resolve("pids");
        Files.writeString(temp.resolve("checkpoint"), "step 42\n");
        // The trap runs once the foreground solver has ended, takes 2 s, and copies only if not cut short.
        try (ChildJvm run = launcher(Map.of(), "--workdir", temp.toString(), "--", "bash", "-c", "echo $$ >> pids; "
                + "trap 'sleep 2 && cp checkpoint saved; exit 0' TERM; bash -c 'echo $$ >> pids; exec sleep 300'; "
                + "echo the solver ended")) {
            List<Long> pids = Pids.await(pidFile, 2, PATIENCE);

            run.sigterm();

            assertEquals(143, run.exitCode(30), run.stderr());
            assertEquals("step 42\n", Files.readString(temp.resolve("saved")), run.stderr());
            assertTrue(Platform.at(service).result().orElse("").startsWith("CANCELLED: stopped by a termination signal"),
                    Platform.at(service).result().orElse(""));
            pids.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " outlived the launcher"));
        }
    }

    @Test
    void commandDyingOfTheBatchSystemsSigtermJustBeforeTheLauncherIsCancelledNotFailed() throws Exception {
        Path pidFile = temp.resolve("pids");
        try (ChildJvm run = launcher(Map.of(), tree(pidFile))) {
            List<Long> pids = Pids.await(pidFile, 3, PATIENCE);

            // scancel signals every process of the job: here the command's shell first, then the launcher.
            new ProcessBuilder("kill", "-TERM", Long.toString(pids.get(0))).start().waitFor();
            await().atMost(PATIENCE).until(() -> !Pids.running(pids.get(0)));
            run.sigterm();

            assertEquals(143, run.exitCode(30), run.stderr());
            assertTrue(Platform.at(service).result().orElse("").startsWith("CANCELLED: "),
                    Platform.at(service).result().orElse(""));
        }
    }

    /**
     * An {@code squeue} on the PATH, as on Slurm 22.05, that notes each call in {@code asked} and never answers:
     * the launcher gives up on it after 5 s.
     */
    private Map<String, String> slurmWithSqueueThatHangs(Path asked) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path squeue = bin.resolve("squeue");
        Files.writeString(squeue, "#!/bin/sh\necho \"$*\" >> " + asked + "\nexec sleep 30\n");
        Files.setPosixFilePermissions(squeue, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of("PATH", bin + ":" + System.getenv("PATH"), "SLURM_JOB_ID", "4242", "SLURM_JOB_END_TIME", "");
    }

    @Test
    void squeueThatDoesNotAnswerHoldsUpNeitherTheCommandNorAnAbort() throws IOException {
        Path asked = temp.resolve("squeue-asked");
        Path pidFile = temp.resolve("pids");
        try (ChildJvm run = launcher(slurmWithSqueueThatHangs(asked), tree(pidFile))) {
            await().atMost(PATIENCE).until(() -> Files.exists(asked));
            // Well before the launcher gives up on squeue (5 s): neither the command nor the page waits for it.
            List<Long> pids = Pids.await(pidFile, 3, Duration.ofSeconds(3));
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> Platform.at(service).page().state().orElse(null) == JobState.RUNNING);

            Platform.at(service).send("ABORT");

            await().atMost(Duration.ofSeconds(3))
                    .until(() -> Platform.at(service).page().state().orElse(null) == JobState.ABORTED);
            assertEquals(0, run.exitCode(30), run.stderr());
            pids.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " survived the ABORT"));
            assertTrue(Files.readString(asked).contains("--jobs=4242"), Files.readString(asked));
        }
    }

    @Test
    void rankAboveZeroNeverAsksSqueue() throws IOException {
        Path asked = temp.resolve("squeue-asked");
        Map<String, String> env = new HashMap<>(slurmWithSqueueThatHangs(asked));
        env.put("SLURM_PROCID", "1");
        try (ChildJvm run = launcher(env, "--", "true")) {
            assertEquals(0, run.exitCode(30), run.stderr());
        }
        assertFalse(Files.exists(asked), "rank 1 asked squeue");
    }

    @Test
    void rankAboveZeroRunsTheCommandButLeavesTheServiceFolderAlone() throws IOException {
        Path marker = temp.resolve("ran");
        try (ChildJvm run = launcher(Map.of("OMPI_COMM_WORLD_RANK", "1"), "--", "touch", marker.toString())) {
            assertEquals(0, run.exitCode(30), run.stderr());
        }
        assertTrue(Files.exists(marker), "the command ran");
        try (var files = Files.list(service)) {
            assertEquals(List.of(), files.toList(), "rank 1 wrote to the service folder");
        }
    }

    @Test
    void rankAboveZeroStillObeysAbort() {
        Path pidFile = temp.resolve("pids");
        try (ChildJvm run = launcher(Map.of("PMIX_RANK", "3"), tree(pidFile))) {
            List<Long> pids = Pids.await(pidFile, 3, PATIENCE);

            Platform.at(service).send("ABORT");

            assertEquals(0, run.exitCode(30), run.stderr());
            pids.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " survived the ABORT"));
            assertFalse(Files.exists(service.resolve("result.txt")));
        }
    }

    @Test
    void abortFileStopsACommandThatWatchesItWithoutASignal() throws IOException {
        Path work = Files.createDirectory(temp.resolve("case"));
        Path pids = temp.resolve("pids");
        Path signals = temp.resolve("signals");
        List<String> args = new ArrayList<>(List.of("--workdir", work.toString(), "--abort-file", "abort", "--"));
        args.addAll(List.of(watchesStopFile(pids, signals, "abort")));
        try (ChildJvm run = launcher(Map.of(), args.toArray(String[]::new))) {
            long solver = Pids.await(pids, 1, PATIENCE).get(0);

            Platform.at(service).send("ABORT");

            assertEquals(0, run.exitCode(30), run.stderr());
            assertFalse(Pids.running(solver));
            assertFalse(Files.exists(signals), "the command got a signal: " + run.stderr());
            assertTrue(Platform.at(service).result().orElse("").matches("ABORTED: requested by user - created abort; (waited for the "
                    + "command's (process|\\d+ processes) to end by itself; " + ALL_GONE
                    + "|" + ENDED_BY_ITSELF + ")"), Platform.at(service).result().orElse(""));
        }
    }

    @Test
    @Timeout(120)
    void abortFileUnheededEndsInSigkillAtTheEndOfTheGrace() throws IOException {
        Path work = Files.createDirectory(temp.resolve("case"));
        Path pids = temp.resolve("pids");
        Path signals = temp.resolve("signals");
        List<String> args = new ArrayList<>(List.of("--workdir", work.toString(), "--abort-file", "abort",
                // The SIGKILL comes at four fifths of the grace; the rest must be enough for a loaded machine
                // (load 8 on 2 cores) to find the tree gone and write the result.
                "--abort-grace", "10s", "--"));
        args.addAll(List.of(watchesStopFile(pids, signals, "another-file")));
        try (ChildJvm run = launcher(Map.of(), args.toArray(String[]::new))) {
            long solver = Pids.await(pids, 1, PATIENCE).get(0);

            Platform.at(service).send("ABORT");

            assertEquals(0, run.exitCode(60), run.stderr());
            assertFalse(Pids.running(solver), "the command outlived the grace");
            assertTrue(Files.exists(work.resolve("abort")));
            assertFalse(Files.exists(signals), "the command got a signal before the SIGKILL: " + run.stderr());
            assertTrue(Platform.at(service).result().orElse("").matches("ABORTED: requested by user - created abort; waited for the "
                    + "command's .* to end by itself; SIGKILL to the \\d+ still running at the end of the grace; "
                    + ALL_GONE), Platform.at(service).result().orElse(""));
        }
    }

    @Test
    void abortFileAndAbortSignalAreOneOrTheOther() {
        assertEquals(2, execute("run", "--service-dir", service.toString(), "--abort-file", "abort", "--abort-signal",
                "USR1", "--", "true"));
        assertTrue(err.toString().contains("--abort-file and --abort-signal are both given"), err.toString());
    }

    @Test
    void rankAwarenessCanBeSwitchedOff() {
        try (ChildJvm run = launcher(Map.of("SLURM_PROCID", "1"), "--rank-aware=false", "--", "true")) {
            assertEquals(0, run.exitCode(30), run.stderr());
            assertEquals("Command exited with code 0.", Platform.at(service).result().orElse(""));
        }
    }
}
