package io.github.jobruntime.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobOutcome;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.os.ProcessStates;
import io.github.jobruntime.testkit.Pids;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Run mode with real shell scripts, children and grandchildren, and real signals. */
@Timeout(180)
class CommandJobTest {

    /** For each step a test waits for: generous, so that a loaded machine (load 8 on 2 cores) passes too. */
    private static final Duration PATIENCE = Duration.ofSeconds(45);
    /**
     * The abort grace of the tests whose processes ignore SIGTERM: the SIGKILL comes at four fifths of it, and the
     * rest must be enough for a loaded machine to find the tree gone and write the result.
     */
    private static final Duration STUBBORN_GRACE = Duration.ofSeconds(10);
    /**
     * Whether this JVM makes itself a child subreaper: through the FFM API, Java 22 and later (the build enables
     * native access, as the launcher's manifest does); on Java 17 the result owns up to what it cannot see.
     */
    private static final boolean SUBREAPER = Runtime.version().feature() >= 22;
    private static final String BACKTRACKING = "(?<message>(.*a){15}b)";
    private static final String STEP = "Step (?<done>\\d+) of (?<total>\\d+)";

    @TempDir
    Path temp;

    private Path service;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Processes that escaped on purpose: killed after the test, by pid and start time. */
    private final List<Pids.Started> escapees = new CopyOnWriteArrayList<>();

    @AfterEach
    void killEscapees() {
        escapees.forEach(Pids.Started::kill);
    }

    @BeforeEach
    void createServiceFolder() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
    }

    // given

    private CommandJob.Builder command(String... argv) {
        return CommandJob.builder(List.of(argv)).workDir(temp).output(out, err);
    }

    private CompletableFuture<JobOutcome> start(CommandJob.Builder builder, UnaryOperator<JobRuntime.Builder> settings) {
        CommandJob job = builder.build();
        JobRuntime.Builder runtime = JobRuntime.builder().title("command").serviceDir(service)
                .statusInterval(Duration.ofMillis(50)).notifyPollInterval(Duration.ofMillis(50));
        job.handlers().forEach(runtime::on);
        JobRuntime configured = settings.apply(runtime).build();
        return CompletableFuture.supplyAsync(() -> configured.run(job, job.processes()));
    }

    private JobOutcome run(CommandJob.Builder builder) {
        return start(builder, UnaryOperator.identity()).join();
    }

    private static Path script(String name) throws URISyntaxException {
        return Path.of(CommandJobTest.class.getResource("/command/" + name).toURI());
    }

    private void abort() {
        Platform.at(service).send("ABORT");
    }

    /**
     * Asserts that {@code result} says that the stop the regex {@code begun} matches ended with every process gone:
     * "all gone" where this JVM is a child subreaper, else what the launcher cannot see.
     */
    private static void assertAllGone(String begun, String result) {
        assertTrue(result.matches(begun + (SUBREAPER ? "; all gone after [0-9.]+ s.*"
                : "; every process found is gone after [0-9.]+ s.*, but processes that left its session and dropped "
                        + "JOB_RUNTIME_COOKIE from their environment cannot be seen from here")), result);
    }

    // then

    @Test
    void successGivesTheDefaultResultAndPassesOutputThrough() {
        JobOutcome outcome = run(command("bash", "-c", "echo hello; echo warning >&2"));

        assertEquals(new JobOutcome(JobState.SUCCEEDED, "Command exited with code 0.", 0), outcome);
        assertEquals("hello\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("warning\n", err.toString(StandardCharsets.UTF_8));
        assertTrue(Platform.at(service).page().html().contains("hello"), "log tail on the final page");
    }

    @Test
    void nonZeroExitFailsWithTheCodeAndTheLastLines() {
        JobOutcome outcome = run(command("bash", "-c", "echo 'reading mesh'; echo 'mesh.dat: bad cell 17' >&2; exit 3"));

        assertEquals(JobState.FAILED, outcome.state());
        assertEquals(3, outcome.exitCode());
        assertTrue(outcome.result().startsWith("FAILED: command exited with code 3\n"), outcome.result());
        assertTrue(outcome.result().contains("reading mesh") && outcome.result().contains("bad cell 17"),
                outcome.result());
        assertEquals(outcome.result(), Platform.at(service).result().orElse(""));
    }

    @Test
    void deathBySignalIsNamed() {
        JobOutcome outcome = run(command("bash", "-c", "kill -SEGV $$"));

        assertEquals(139, outcome.exitCode());
        assertTrue(outcome.result().startsWith("FAILED: command exited with code 139 (128 + 11"), outcome.result());
    }

    @Test
    void missingProgramFailsWith127() {
        JobOutcome outcome = run(command("./no-such-solver", "input.dat"));

        assertEquals(JobState.FAILED, outcome.state());
        assertEquals(127, outcome.exitCode());
        assertTrue(outcome.result().contains("command not found: ./no-such-solver"), outcome.result());
    }

    @Test
    void directoryAsCommandIsCalledADirectory() throws IOException {
        Files.createDirectory(temp.resolve("solver"));

        JobOutcome outcome = run(command("./solver", "input.dat"));

        assertEquals(126, outcome.exitCode());
        assertTrue(outcome.result().startsWith("FAILED: cannot run ./solver: it is a directory, not a program - give "
                + "the program inside it, e.g. -- ./solver/"), outcome.result());
    }

    @Test
    void badInterpreterLineNamesTheScriptAndItsInterpreter() throws IOException {
        Path script = Files.writeString(temp.resolve("solve.sh"), "#!/nonexistent/interp -e\necho solved\n");
        script.toFile().setExecutable(true);

        JobOutcome outcome = run(command("./solve.sh"));

        assertEquals(127, outcome.exitCode());
        assertTrue(outcome.result().startsWith("FAILED: cannot run ./solve.sh: its first line #!/nonexistent/interp "
                + "-e names the interpreter /nonexistent/interp, which does not exist"), outcome.result());
        assertFalse(outcome.result().contains("setsid"), outcome.result());
    }

    @Test
    void resultTextFillsInPlaceholders() {
        JobOutcome outcome = run(command("true").resultText("exit {exitCode} after {elapsed}"));

        assertTrue(outcome.result().matches("exit 0 after \\d+\\.\\d s"), outcome.result());
    }

    @Test
    void resultFileBecomesTheResult() {
        JobOutcome outcome = run(command("bash", "-c", "printf 'drag: 0.31\\nlift: 1.2\\n' > forces.txt")
                .resultFile(Path.of("forces.txt")));

        assertEquals("drag: 0.31\nlift: 1.2\n", outcome.result());
        assertEquals("drag: 0.31\nlift: 1.2\n", Platform.at(service).result().orElse(""));
    }

    @Test
    void missingResultFileFails() {
        JobOutcome outcome = run(command("true").resultFile(Path.of("forces.txt")));

        assertEquals(JobState.FAILED, outcome.state());
        assertEquals(1, outcome.exitCode());
        assertTrue(outcome.result().contains("result file " + temp.resolve("forces.txt") + " does not exist"),
                outcome.result());
    }

    @Test
    void progressAndMessageComeFromTheOutput() {
        JobOutcome outcome = run(command("bash", "-c", "echo 'Phase: meshing'; echo 'Step 3 of 8'; echo 'Step 4 of 8'")
                .rules(List.of(OutputRule.Progress.parse("Step (?<done>\\d+) of (?<total>\\d+)"),
                        OutputRule.Message.parse("Phase: (?<message>.*)"))));

        assertEquals(JobState.SUCCEEDED, outcome.state());
        assertEquals(4, Platform.at(service).page().done().orElse(-1));
        assertTrue(Platform.at(service).page().html().contains("job-progress\" content=\"4/8\""));
        assertTrue(Platform.at(service).page().html().contains("meshing"));
    }

    @Test
    void aTotalGivenApartIsOnThePageBeforeTheFirstLine() throws IOException {
        Path proceed = temp.resolve("proceed");
        CompletableFuture<JobOutcome> outcome = start(command("bash", "-c", "while [ ! -e proceed ]; do sleep 0.01; done")
                .rules(List.of(OutputRule.Progress.parse("^Time = (?<done>\\S+)$").withTotal(0.5))), b -> b);

        await().atMost(PATIENCE).untilAsserted(() -> assertTrue(Platform.at(service).page().html()
                .contains("job-progress\" content=\"0/0.5\""), Platform.at(service).page().html()));
        Files.createFile(proceed);
        assertEquals(JobState.SUCCEEDED, outcome.join().state());
    }

    @Test
    void decimalDoneWithATotalGivenApart() {
        run(command("bash", "-c", "echo 'Time = 0.005'; echo 'Time = 0.25'; echo 'Time = 2e-1 is not a step'")
                .rules(List.of(OutputRule.Progress.parse("^Time = (?<done>[0-9.eE+-]+)$").withTotal(0.5))));

        assertTrue(Platform.at(service).page().html().contains("job-progress\" content=\"0.25/0.5\""),
                Platform.at(service).page().html());
        assertTrue(Platform.at(service).page().html().contains("50.0%"), Platform.at(service).page().html());
    }

    @Test
    void percentProgressAndCarriageReturnRedraws() {
        run(command("bash", "-c", "printf '  10.0%%\\r  42.5%%\\r'")
                .rules(List.of(OutputRule.Progress.parse("(?<percent>[\\d.]+)%"))));

        assertTrue(Platform.at(service).page().html().contains("job-progress\" content=\"42.5/100\""),
                Platform.at(service).page().html());
    }

    @Test
    void colouredOutputIsParsedAndShownWithoutItsEscapesAndPassedThroughAsIs() {
        run(command("bash", "-c", "printf '\\033[32mTime = 3 / 10\\033[0m\\n'")
                .rules(List.of(OutputRule.Progress.parse("^Time = (?<done>\\d+) / (?<total>\\d+)$"))));

        String page = Platform.at(service).page().html();
        assertTrue(page.contains("job-progress\" content=\"3/10\""), page);
        assertTrue(page.contains(">30.0%<"), page);
        assertTrue(page.contains("Time = 3 / 10"), "log tail: " + page);
        assertFalse(page.contains("\033") || page.contains("[32m"), "no escape on the page: " + page);
        assertEquals("\033[32mTime = 3 / 10\033[0m\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void metricsComeFromTheOutputIncludingFortranExponents() {
        run(command("bash", "-c", "for r in 1.0D-01 2.5E-03 4.0d-05 nan; do echo \"Initial residual = $r, iter\"; done")
                .rules(List.of(OutputRule.Metric.parse("residual=Initial residual = (?<value>[^,]+),"))));

        String page = Platform.at(service).page().html();
        assertTrue(page.contains("<strong>residual</strong> <span class=\"latest\">4e-5</span>"), page);
        assertTrue(page.contains("3 values"), "nan is skipped: " + page);
    }

    @Test
    void bothStreamsAreParsedAtOnceEachWithMatchersOfItsOwn() {
        // stdout and stderr are parsed on two threads: a matcher shared between them would mix up the two lines.
        run(command("bash", "-c", "for i in $(seq 1 20000); do echo \"Step $i of 20000\"; done & "
                + "for i in $(seq 1 19999); do echo 'Initial residual = 0.25, iter' >&2; done; "
                + "echo 'Initial residual = 0.125, iter' >&2; wait")
                .rules(List.of(OutputRule.Progress.parse("Step (?<done>\\d+) of (?<total>\\d+)"),
                        OutputRule.Metric.parse("residual=Initial residual = (?<value>[^,]+),"))));

        String page = Platform.at(service).page().html();
        assertTrue(page.contains("job-progress\" content=\"20000/20000\""), page);
        assertTrue(page.contains("<strong>residual</strong> <span class=\"latest\">0.125</span>"), page);
        assertTrue(page.contains("20,000 values"), page);
    }

    @Test
    void aGroupThatTookNoPartInTheMatchIsNotANumber() {
        run(command("bash", "-c", "echo 'Step 2 of 4'; echo 'Step 3'; echo 'residual none'; echo 'residual 0.5'")
                .rules(List.of(OutputRule.Progress.parse("Step (?<done>\\d+)(?: of (?<total>\\d+))?"),
                        OutputRule.Metric.parse("residual=residual (?:none|(?<value>\\S+))"))));

        String page = Platform.at(service).page().html();
        assertTrue(page.contains("job-progress\" content=\"2/4\""), "Step 3 has no total: " + page);
        assertTrue(page.contains("· max 0.5 · 1 value</div>"), "none is no value: " + page);
    }

    @Test
    void aMatchPastItsTimeBudgetIsAbandonedAndLaterLinesAreStillParsed() {
        // (.*a){15}b on 60 a's and no b backtracks through some 10^13 ways before it gives up.
        JobOutcome outcome = run(command("bash", "-c", "printf 'a%.0s' {1..60}; echo; echo 'Step 4 of 8'")
                .rules(List.of(OutputRule.Message.parse(BACKTRACKING), OutputRule.Progress.parse(STEP))));

        assertEquals(JobState.SUCCEEDED, outcome.state());
        assertTrue(Platform.at(service).page().html().contains("job-progress\" content=\"4/8\""),
                Platform.at(service).page().html());
        assertEquals("a".repeat(60) + "\nStep 4 of 8\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(180)
    void aParserStuckOnALineHoldsBackNeitherTheOutputNorTheResult() throws Exception {
        // More output after the stuck line than the parser may have queued (11 MB), then the real error.
        String dots = ".".repeat(36);
        CompletableFuture<JobOutcome> outcome = start(command("bash", "-c", "printf 'a%.0s' {1..60}; echo; "
                + "seq 1 200000 | sed 's/.*/step & of 200000 " + dots + "/'; echo 'ERROR: mesh.dat: bad cell 17' >&2; "
                + "exit 3").rules(List.of(OutputRule.Message.parse(BACKTRACKING))), UnaryOperator.identity());

        JobOutcome ended = outcome.get(2, TimeUnit.MINUTES);
        assertEquals(JobState.FAILED, ended.state(), ended.result());
        assertEquals(3, ended.exitCode());
        String lastLine = "step 200000 of 200000 " + dots;
        // The streams are read apart: the error may pass through before the end of stdout, or after it.
        assertTrue(ended.result().contains("\n" + lastLine + "\n") || ended.result().endsWith(lastLine),
                ended.result());
        assertTrue(ended.result().contains("\nERROR: mesh.dat: bad cell 17"), ended.result());
        assertFalse(ended.result().contains("holds"), ended.result());
        String copied = out.toString(StandardCharsets.UTF_8);
        long length = 61;
        for (int i = 1; i <= 200_000; i++) {
            length += ("step " + i + " of 200000 " + dots + "\n").length();
        }
        assertEquals(length, copied.length(), "every byte passed through");
        assertTrue(copied.endsWith(lastLine + "\n"), "the last line passed through");
    }

    @Test
    void imageFileIsShownInItsLatestVersion() {
        byte[] svg = "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>".getBytes(StandardCharsets.UTF_8);
        run(command("bash", "-c", "printf '%s' \"<svg xmlns='http://www.w3.org/2000/svg'/>\" > plot.svg; sleep 0.3; "
                + "printf '%s' \"" + new String(svg, StandardCharsets.UTF_8) + "\" > plot.svg")
                .images(List.of(ImageFile.parse("plot.svg"))));

        String page = Platform.at(service).page().html();
        assertTrue(page.contains("data:image/svg+xml;base64," + java.util.Base64.getEncoder().encodeToString(svg)),
                page);
        assertTrue(page.contains("alt=\"plot.svg\""), page);
    }

    @Test
    void factsComeFromTheOutputAndALaterMatchReplacesTheValue() {
        run(command("bash", "-c", "echo 'Courant Number mean: 0.01 max: 0.25'; "
                + "echo 'Courant Number mean: 0.02 max: 0.5'; echo 'Case: <cavity>'")
                .rules(List.of(OutputRule.Fact.parse("Courant max=Courant Number mean: \\S+ max: (?<value>\\S+)"),
                        OutputRule.Fact.parse("Case=^Case: (?<value>.*)"))));

        String page = Platform.at(service).page().html();
        assertTrue(page.contains("<tr><th scope=\"row\">Courant max</th><td>0.5</td></tr>\n"
                + "<tr><th scope=\"row\">Case</th><td>&lt;cavity&gt;</td></tr>"), page);
    }

    @Test
    void sectionFileIsShownSanitizedInItsLatestVersion() {
        run(command("bash", "-c", "mkdir -p post; echo '<p>first version</p>' > post/mesh.html; sleep 1.5; "
                + "echo '<table><tr><td>cells</td><td>12000</td></tr></table><img src=x onerror=alert(1)>' "
                + "> post/mesh.html; sleep 1.5")
                .sections(List.of(SectionFile.parse("Mesh=post/mesh.html"))));

        String page = Platform.at(service).page().html();
        assertTrue(page.contains("<h2>Mesh</h2>\n<table><tbody><tr><td>cells</td><td>12000</td></tr></tbody></table>"
                + "<img>"), page);
        assertFalse(page.contains("first version"), page);
        assertFalse(page.contains("onerror"), page);
    }

    @Test
    void abortStopsTheWholeTree() throws Exception {
        Path pids = temp.resolve("pids");
        CompletableFuture<JobOutcome> outcome = start(command("bash", script("tree.sh").toString(), pids.toString()),
                runtime -> runtime.abortGrace(Duration.ofSeconds(20)));
        List<Long> tree = Pids.await(pids, 4, PATIENCE);

        abort();

        JobOutcome ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(JobState.ABORTED, ended.state());
        assertEquals(0, ended.exitCode());
        assertAllGone("ABORTED: requested by user - SIGTERM to the command's 4 processes", ended.result());
        tree.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " of the tree survived"));
    }

    @Test
    void processIgnoringTermIsKilledAfterTheGrace() throws Exception {
        Path pids = temp.resolve("pids");
        CompletableFuture<JobOutcome> outcome = start(
                command("bash", script("tree.sh").toString(), pids.toString(), "stubborn"),
                runtime -> runtime.abortGrace(STUBBORN_GRACE));
        List<Long> tree = Pids.await(pids, 4, PATIENCE);

        abort();

        JobOutcome ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        // the subshell that ignores SIGTERM and its sleep, which inherits that
        assertTrue(ended.result().contains("SIGKILL to the 2 still running at the end of the grace"),
                ended.result());
        tree.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " of the tree survived"));
    }

    @Test
    void wrapperWhoseTrapWaitsForItsSolverFinishesItsCleanUp() throws Exception {
        Path pids = temp.resolve("pids");
        CompletableFuture<JobOutcome> outcome = start(command("bash", script("trap.sh").toString(), pids.toString()),
                runtime -> runtime.abortGrace(Duration.ofSeconds(20)));
        List<Long> tree = Pids.await(pids, 2, PATIENCE);

        abort();

        JobOutcome ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(JobState.ABORTED, ended.state());
        // Copied only when the trap's sleep 2 was not cut short by a signal of its own.
        assertEquals("step 42\n", Files.readString(temp.resolve("saved")), ended.result());
        assertAllGone("ABORTED: requested by user - SIGTERM to the command's \\d+ processes", ended.result());
        tree.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " of the tree survived"));
    }

    @Test
    void wrapperWhoseTrapRunsWhileItsSolverRunsFinishesItsCleanUp() throws Exception {
        Path pids = temp.resolve("pids");
        CompletableFuture<JobOutcome> outcome = start(
                command("bash", script("trap.sh").toString(), pids.toString(), "background"),
                runtime -> runtime.abortGrace(Duration.ofSeconds(20)));
        List<Long> tree = Pids.await(pids, 2, PATIENCE);

        abort();

        JobOutcome ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(JobState.ABORTED, ended.state());
        assertEquals("step 42\n", Files.readString(temp.resolve("saved")), ended.result());
        assertAllGone("ABORTED: requested by user - SIGTERM to the command's \\d+ processes", ended.result());
        tree.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " of the tree survived"));
    }

    @Test
    void treeWhoseTopDoesNotTrapDoesNotWaitForTheDelay() throws Exception {
        Path pids = temp.resolve("pids");
        // A delay longer than the grace: the rest of the tree gets SIGTERM when the top ends of it, not after it.
        CompletableFuture<JobOutcome> outcome = start(command("bash", script("tree.sh").toString(), pids.toString())
                        .treeSignalDelay(Duration.ofHours(1)),
                runtime -> runtime.abortGrace(STUBBORN_GRACE));
        List<Long> tree = Pids.await(pids, 4, PATIENCE);

        abort();

        JobOutcome ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(JobState.ABORTED, ended.state());
        assertAllGone("ABORTED: requested by user - SIGTERM to the command's 4 processes", ended.result());
        tree.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " of the tree survived"));
    }

    @Test
    void trapThatNeverEndsIsKilledAtTheEndOfTheGrace() throws Exception {
        Path pids = temp.resolve("pids");
        CompletableFuture<JobOutcome> outcome = start(
                command("bash", script("trap.sh").toString(), pids.toString(), "endless"),
                runtime -> runtime.abortGrace(STUBBORN_GRACE));
        List<Long> tree = Pids.await(pids, 2, PATIENCE);

        abort();

        JobOutcome ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(JobState.ABORTED, ended.state());
        // the script and the trap's sleep 600; the solver ended of its SIGTERM
        assertTrue(ended.result().contains("SIGKILL to the 2 still running at the end of the grace"),
                ended.result());
        tree.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " of the tree survived"));
    }

    @Test
    void withoutADelayTheWholeTreeIsSignalledAtOnceAndCutsTheTrapShort() throws Exception {
        Path pids = temp.resolve("pids");
        CompletableFuture<JobOutcome> outcome = start(command("bash", script("trap.sh").toString(), pids.toString())
                        .treeSignalDelay(Duration.ZERO),
                runtime -> runtime.abortGrace(Duration.ofSeconds(20)));
        List<Long> tree = Pids.await(pids, 2, PATIENCE);

        abort();

        JobOutcome ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(JobState.ABORTED, ended.state());
        assertFalse(Files.exists(temp.resolve("saved")), "the trap's sleep was not signalled");
        tree.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " of the tree survived"));
    }

    @Test
    void leftoverBackgroundProcessesAreStoppedWhenTheCommandExits() throws Exception {
        Path pids = temp.resolve("pids");
        JobOutcome outcome = run(command("bash", "-c", "sleep 300 & echo $! > " + pids + "; echo started"));

        assertEquals(JobState.SUCCEEDED, outcome.state());
        long orphan = Pids.await(pids, 1, PATIENCE).get(0);
        assertFalse(Pids.running(orphan), "the background sleep outlived the job");
    }

    @Test
    void abortStopsDaemonsThatLeftTheSession() throws Exception {
        Path pids = temp.resolve("pids");
        CompletableFuture<JobOutcome> outcome = start(command("bash", script("daemons.sh").toString(), pids.toString()),
                runtime -> runtime.abortGrace(Duration.ofSeconds(20)));
        List<Long> daemons = Pids.await(pids, 4, PATIENCE);

        abort();

        JobOutcome ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        // A shell that started a daemon may still be on its way out when the abort comes: it is one more process.
        assertAllGone("ABORTED: requested by user - SIGTERM to the command's \\d+ processes, 3 of them outside its "
                + "session \\(found by JOB_RUNTIME_COOKIE\\)", ended.result());
        daemons.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " survived the abort"));
    }

    @Test
    void daemonsIgnoringTermAreKilledAndCounted() throws Exception {
        Path pids = temp.resolve("pids");
        CompletableFuture<JobOutcome> outcome = start(
                command("bash", script("daemons.sh").toString(), pids.toString(), "stubborn"),
                runtime -> runtime.abortGrace(STUBBORN_GRACE));
        List<Long> daemons = Pids.await(pids, 4, PATIENCE);

        abort();

        JobOutcome ended = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        // A shell that started a daemon may still be on its way out when the abort comes: it is one more process.
        assertTrue(ended.result().matches("ABORTED: requested by user - SIGTERM to the command's \\d+ processes, 3 of "
                + "them outside its session \\(found by JOB_RUNTIME_COOKIE\\); SIGKILL to the 3 still running at the end "
                + "of the grace; " + (SUBREAPER ? "all gone after .*" : "every process found is gone after .*")),
                ended.result());
        daemons.forEach(pid -> assertFalse(Pids.running(pid), "process " + pid + " survived the abort"));
    }

    @Test
    void daemonsLeftBehindByASuccessfulCommandAreStopped() throws Exception {
        Path pids = temp.resolve("pids");
        JobOutcome outcome = run(command("bash", script("daemons.sh").toString(), pids.toString(), "exit"));

        assertEquals(JobState.SUCCEEDED, outcome.state());
        List<Long> daemons = Pids.all(pids);
        assertEquals(3, daemons.size(), daemons.toString());
        daemons.forEach(pid -> assertFalse(Pids.running(pid), "daemon " + pid + " outlived the job"));
    }

    @Test
    void processThatEscapedDetectionIsNotCalledGone() throws Exception {
        Path pids = temp.resolve("pids");
        // A new session and an empty environment: neither the session nor the cookie finds it; the output it
        // still holds gives it away, where it does not come back to the launcher as an orphan.
        CompletableFuture<JobOutcome> outcome = start(command("bash", "-c", "( env -i /usr/bin/setsid /bin/bash -c "
                        + "'echo $$ > " + pids + "; exec /bin/sleep 1000' & ); exec sleep 1000"),
                runtime -> runtime.abortGrace(Duration.ofSeconds(20)));
        Pids.Started hidden = Pids.identify(Pids.await(pids, 1, PATIENCE).get(0));
        escapees.add(hidden);

        abort();

        String result = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).result();
        if (SUBREAPER) {
            // The subshell between them may still be on its way out when the abort comes.
            assertTrue(result.matches("ABORTED: requested by user - SIGTERM to the command's \\d+ processes, 1 of them "
                    + "outside its session and without JOB_RUNTIME_COOKIE; all gone after .*"), result);
            assertFalse(hidden.running(), "the hidden process survived the abort");
        } else if (result.contains(", 1 of them outside its session and without JOB_RUNTIME_COOKIE;")) {
            // A scan (the resource sampler's) caught it while the subshell that forked it still lived: from then on
            // it is the tree's, and is stopped with it.
            assertTrue(result.contains("; every process found is gone after "), result);
            assertFalse(hidden.running(), "the hidden process the tree found survived the abort");
        } else {
            assertFalse(result.contains("all gone"), result);
            assertTrue(result.contains("; every process found is gone after "), result);
            assertTrue(result.contains(", but a process that was not found still holds the command's output"), result);
        }
    }

    @Test
    void processThatLeftTheSessionAndDroppedTheCookieIsStoppedOrOwnedUpTo() throws Exception {
        Path pids = temp.resolve("pids");
        // env -i drops JOB_RUNTIME_COOKIE, setsid -f leaves the session, and the output goes elsewhere: nothing the
        // launcher reads gives it away, unless it comes back to the launcher as an orphan.
        CompletableFuture<JobOutcome> outcome = start(command("bash", "-c", "env -i setsid -f sh -c 'echo $$ > "
                        + pids + "; exec sleep 600' </dev/null >/dev/null 2>&1; exec sleep 600"),
                runtime -> runtime.abortGrace(Duration.ofSeconds(20)));
        Pids.Started escapee = Pids.identify(Pids.await(pids, 1, PATIENCE).get(0));
        escapees.add(escapee);

        abort();

        String result = outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).result();
        // The setsid that forked it may still be on its way out when the abort comes: one more process.
        if (SUBREAPER) {
            assertTrue(result.matches("ABORTED: requested by user - SIGTERM to the command's \\d+ processes, 1 of them "
                    + "outside its session and without JOB_RUNTIME_COOKIE; all gone after .*"), result);
            assertFalse(escapee.running(), "the escapee survived the abort");
            // Reaped, not left as a zombie of this JVM, which waits only for the processes it started.
            assertEquals(-1, ProcessStates.startTicks(escapee.pid()), "the escapee's entry is still in /proc");
        } else {
            // Found only if the abort came before its parent ended; either way the result owns up to what it
            // cannot see.
            assertFalse(result.contains("all gone"), result);
            assertTrue(result.matches("ABORTED: requested by user - SIGTERM to the command's .*; every process found is "
                    + "gone after .*, but processes that left its session and dropped JOB_RUNTIME_COOKIE from their "
                    + "environment cannot be seen from here"), result);
        }
    }

    @Test
    void messagesBecomeSignalsStdinLinesAndFiles() throws Exception {
        CompletableFuture<JobOutcome> outcome = start(command("bash", script("actions.sh").toString())
                .on(List.of(MessageAction.On.parse("CHECKPOINT=signal:USR1"), MessageAction.On.parse("STEER=stdin"),
                        MessageAction.On.parse("STOP=touch:stop.now"))), UnaryOperator.identity());
        await().atMost(PATIENCE).until(() -> out.toString(StandardCharsets.UTF_8).contains("ready"));

        // One at a time: bash loses a half-read line when a trapped signal interrupts its read.
        Platform.at(service).send("CHECKPOINT");
        await().atMost(PATIENCE).until(() -> out.toString(StandardCharsets.UTF_8).contains("got USR1"));
        Platform.at(service).send("STEER relax 0.7; rm -rf $HOME");
        await().atMost(PATIENCE).until(() -> out.toString(StandardCharsets.UTF_8)
                .contains("read: STEER relax 0.7; rm -rf $HOME"));
        Platform.at(service).send("STOP");
        await().atMost(PATIENCE).until(() -> Files.exists(temp.resolve("stop.now")));

        abort();
        assertEquals(JobState.ABORTED, outcome.join().state());
    }
}
