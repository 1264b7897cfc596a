package io.github.jobruntime.e2e.openfoam;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.Shell;
import io.github.jobruntime.testkit.Pids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher on a real solver: OpenFOAM's {@code icoFoam} on the {@code cavity} tutorial, serial and decomposed
 * in two under {@code mpirun} in both layouts (a launcher per rank, and the launcher outside mpirun). Each case
 * checks the page, the result, the exit codes and that no process is left; the figures go to the build log.
 */
@Timeout(120)
class OpenFoamTest {

    static final Path RUNTIME_JAR = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent()
            .resolve("launcher/target/job-runtime.jar");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** The run-mode guide's example: the launcher's preset for OpenFOAM solvers. */
    static final List<String> OPTIONS = List.of("--preset", "openfoam");
    /** A run that lasts until it is stopped: 200,000 time steps, nothing written on the way. */
    private static final Map<String, String> LONG_RUN = Map.of("endTime", "1000", "writeInterval", "1000000");
    /**
     * OpenFOAM's own clean stop, the README's: when the file {@code abort} appears in the case, every rank stops at
     * the same time step (the file is looked for once per step, together), writes it and calls MPI_Finalize.
     */
    private static final String ABORT_FUNCTION_OBJECT = """

            functions
            {
                abort
                {
                    type    abort;
                    libs    ("libutilityFunctionObjects.so");
                    action  writeNow;
                }
            }
            """;
    private static final Pattern PROGRESS = Pattern.compile("<meta name=\"job-progress\" content=\"([^/]+)/([^\"]+)\">");

    @TempDir
    Path temp;

    private Process process;

    @AfterEach
    void stopLeftovers() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    // given

    private Path service() {
        return temp.resolve("service");
    }

    private Path cavity(int ranks, Map<String, String> control, String extraControl) {
        Cavity.assumeInstalled(ranks > 1);
        return Cavity.prepare(temp.resolve("cavity"), ranks, control, extraControl);
    }

    private List<String> launcher(Path cavity, List<String> options, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(Shell.java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                RUNTIME_JAR.toString(), "run", "--service-dir", service().toString(), "--status-interval", "100ms",
                "--notify-poll-interval", "50ms", "--workdir", cavity.toString()));
        argv.addAll(OPTIONS);
        argv.addAll(options);
        argv.add("--");
        argv.addAll(command);
        return argv;
    }

    private static List<String> mpirun(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("mpirun", "-np", "2", "--oversubscribe", "--bind-to", "none"));
        argv.addAll(command);
        return argv;
    }

    private void start(Path cavity, List<String> argv) {
        try {
            Files.createDirectories(service());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        process = Shell.start(cavity, Cavity.ENVIRONMENT, temp.resolve("job.log"), argv);
    }

    /** Waits until icoFoam has run a while (the page shows progress) and returns every process of the job. */
    private Set<ProcessHandle> awaitSolving(int solvers) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> done() > 0.05
                && process.descendants().filter(OpenFoamTest::isSolver).count() == solvers);
        Set<ProcessHandle> all = new LinkedHashSet<>(process.descendants().toList());
        all.add(process.toHandle());
        return all;
    }

    // when

    /** {@return the milliseconds from now until result.txt holds a final result} */
    private long abortAndTimeResult() {
        long start = System.nanoTime();
        Platform.at(service()).send("ABORT");
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(2))
                .until(() -> Platform.at(service()).result().isPresent());
        return millisSince(start);
    }

    /** What scancel does: SIGTERM to every process of the job at once. */
    private static void sigtermAll(Set<ProcessHandle> processes) {
        List<String> kill = new ArrayList<>(List.of("kill", "-TERM"));
        processes.forEach(p -> kill.add(Long.toString(p.pid())));
        try {
            new ProcessBuilder(kill).redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // then

    private int exitCode() throws InterruptedException {
        assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), log());
        return process.exitValue();
    }

    /** {@return the milliseconds from {@code start} until none of {@code processes} runs} */
    private long awaitAllGone(Set<ProcessHandle> processes, long start) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(2))
                .until(() -> processes.stream().noneMatch(p -> Pids.running(p.pid())));
        return millisSince(start);
    }

    private double done() {
        Matcher m = PROGRESS.matcher(Platform.at(service()).page().html());
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private String log() {
        try {
            return Files.readString(temp.resolve("job.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void assertResidualCharts() {
        String page = Platform.at(service()).page().html();
        for (String series : List.of("Ux", "p")) {
            Matcher chart = Pattern.compile("<strong>" + series + "</strong>.*?</figure>", Pattern.DOTALL).matcher(page);
            assertTrue(chart.find(), "a chart of " + series + ": " + page);
            assertTrue(chart.group().contains("<polyline") && chart.group().contains("log₁₀ scale"),
                    series + " residuals on a log axis: " + chart.group());
        }
    }

    private static boolean isSolver(ProcessHandle p) {
        return p.info().command().orElse("").endsWith("/icoFoam");
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @SuppressWarnings("AnnotateFormatMethod") // a report line of the test; @FormatMethod would need a dependency
    private static void report(String layout, String format, Object... args) {
        System.out.printf("[openfoam] %s: %s%n", layout, String.format(format, args));
    }

    // serial

    @Test
    void serialRunGoesFrom0To100PercentWithResidualChartsAndItsResult() throws Exception {
        Path cavity = cavity(1, Map.of("endTime", "2", "writeInterval", "100"), "");
        start(cavity, launcher(cavity, List.of("--result-text", "icoFoam reached the end time in {elapsed}"),
                List.of("icoFoam")));
        List<String> seen = new ArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> {
            Matcher m = PROGRESS.matcher(Platform.at(service()).page().html());
            if (m.find() && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(m.group()))) {
                seen.add(m.group());
            }
            return !process.isAlive();
        });

        assertEquals(0, exitCode(), log());
        assertTrue(Platform.at(service()).result().orElse("").startsWith("icoFoam reached the end time in "),
                Platform.at(service()).result().orElse(""));
        // The starting pages (the one written before the command line is parsed, then the runtime's) have no total.
        List<String> running = seen.stream().filter(meta -> !meta.contains("/-1\"") && !meta.contains("/0\""))
                .toList();
        assertTrue(running.get(0).contains("content=\"0/2\""), "the total is known before the first step: " + seen);
        String page = Platform.at(service()).page().html();
        assertTrue(page.contains("content=\"2/2\"") && page.contains(">100.0%<"), page);
        assertResidualCharts();
        report("serial", "progress pages seen: %s", seen.stream().map(s -> s.replaceAll(".*content=\"|\">", "")).toList());
    }

    @Test
    void serialAbortEndsIcoFoamWithinASecond() throws Exception {
        Path cavity = cavity(1, LONG_RUN, "");
        start(cavity, launcher(cavity, List.of(), List.of("icoFoam")));
        Set<ProcessHandle> job = awaitSolving(1);
        // The first Time parsed is the baseline: a rate from the second on.
        await().atMost(PATIENCE).until(() -> Platform.at(service()).page().figures().containsKey("rate"));
        assertTrue(Platform.at(service()).page().html()
                        .matches("(?s).*data-jr=\"rate\" data-value=\"[0-9.]+\">[0-9.e-]+/s</span>.*"),
                "a rate in simulated seconds per second: " + Platform.at(service()).page().html());
        Set<ProcessHandle> solver = Set.copyOf(job.stream().filter(OpenFoamTest::isSolver).toList());
        long start = System.nanoTime();

        long toResult = abortAndTimeResult();
        long solverGone = awaitAllGone(solver, start);
        long allGone = awaitAllGone(job, start);

        assertEquals(0, exitCode(), log());
        assertTrue(Platform.at(service()).result().orElse("").startsWith("ABORTED: requested by user - SIGTERM to the command's process"),
                Platform.at(service()).result().orElse(""));
        assertTrue(solverGone < 1000, "icoFoam ended " + solverGone + " ms after the ABORT");
        assertResidualCharts();
        report("serial", "ABORT -> result final %d ms, -> icoFoam gone %d ms, -> last process gone %d ms",
                toResult, solverGone, allGone);
    }

    @Test
    void serialSigtermCancels() throws Exception {
        Path cavity = cavity(1, LONG_RUN, "");
        start(cavity, launcher(cavity, List.of(), List.of("icoFoam")));
        Set<ProcessHandle> job = awaitSolving(1);
        long start = System.nanoTime();

        sigtermAll(job);

        assertEquals(143, exitCode(), log());
        long toExit = millisSince(start);
        assertTrue(Platform.at(service()).result().orElse("").startsWith("CANCELLED: "),
                Platform.at(service()).result().orElse(""));
        long allGone = awaitAllGone(job, start);
        report("serial", "SIGTERM -> launcher exit 143 after %d ms, last process gone %d ms", toExit, allGone);
    }

    // a launcher per rank: mpirun -np 2 java -jar job-runtime.jar run ... -- icoFoam -parallel

    @ParameterizedTest(name = "{0}: mpirun exits {2}")
    @CsvSource(delimiter = '|', value = {
        // Every rank's launcher creates the file; icoFoam's ranks see it at the same time step and end cleanly.
        "--abort-file abort   | created abort; | 0",
        // icoFoam ends without MPI_Finalize: Open MPI reports "exiting improperly" whatever the launcher's code.
        "--abort-signal TERM  | SIGTERM        | 1",
    })
    void launcherPerRankAbortEndsBothRanksAndMpirun(String options, String how, int mpirunCode) throws Exception {
        Path cavity = cavity(2, LONG_RUN, ABORT_FUNCTION_OBJECT);
        start(cavity, mpirun(launcher(cavity, List.of(options.split(" ")), List.of("icoFoam", "-parallel"))));
        Set<ProcessHandle> job = awaitSolving(2);
        long start = System.nanoTime();

        long toResult = abortAndTimeResult();
        long allGone = awaitAllGone(job, start);

        int code = exitCode();
        assertEquals(mpirunCode, code, log());
        assertTrue(Platform.at(service()).result().orElse("").startsWith("ABORTED: requested by user - " + how),
                Platform.at(service()).result().orElse(""));
        if (mpirunCode == 0) {
            assertTrue(log().contains("USER REQUESTED ABORT"), log());
            assertFalse(Pattern.compile("exit(ed with)? code [1-9]").matcher(log()).find(),
                    "every icoFoam ended by itself with code 0: " + log());
        }
        assertTrue(log().contains("MPI rank 1: running without writing to " + service()), log());
        assertTrue(done() > 0, "rank 0's page shows the progress: " + Platform.at(service()).page().html());
        assertResidualCharts();
        report("launcher per rank, " + options, "ABORT -> result final %d ms, -> last process gone %d ms, "
                + "mpirun exit code %d", toResult, allGone, code);
    }

    @Test
    void launcherPerRankSigtermCancelsEveryRank() throws Exception {
        Path cavity = cavity(2, LONG_RUN, "");
        start(cavity, mpirun(launcher(cavity, List.of(), List.of("icoFoam", "-parallel"))));
        Set<ProcessHandle> job = awaitSolving(2);
        long start = System.nanoTime();

        sigtermAll(job);

        int code = exitCode();
        long toExit = millisSince(start);
        long allGone = awaitAllGone(job, start);
        assertTrue(Platform.at(service()).result().orElse("").startsWith("CANCELLED: "),
                Platform.at(service()).result().orElse(""));
        assertEquals(2, Pattern.compile("ended CANCELLED, exit code 143").matcher(log()).results().count(),
                "both launchers exit 143: " + log());
        report("launcher per rank", "SIGTERM -> mpirun exit %d after %d ms, last process gone %d ms", code, toExit,
                allGone);
    }

    // the launcher outside: java -jar job-runtime.jar run ... -- mpirun -np 2 icoFoam -parallel

    @Test
    void launcherOutsideMpirunAbortEndsMpirunAndEveryRank() throws Exception {
        Path cavity = cavity(2, LONG_RUN, "");
        start(cavity, launcher(cavity, List.of(), mpirun(List.of("icoFoam", "-parallel"))));
        Set<ProcessHandle> job = awaitSolving(2);
        long start = System.nanoTime();

        long toResult = abortAndTimeResult();
        long allGone = awaitAllGone(job, start);

        assertEquals(0, exitCode(), log());
        assertTrue(Platform.at(service()).result().orElse("").startsWith("ABORTED: requested by user - SIGTERM to the command's"),
                Platform.at(service()).result().orElse(""));
        assertResidualCharts();
        report("launcher outside mpirun", "ABORT -> result final %d ms, -> last process gone %d ms; %s", toResult,
                allGone, Platform.at(service()).result().orElse("").lines().findFirst().orElse(""));
    }

    @Test
    void launcherOutsideMpirunSigtermCancels() throws Exception {
        Path cavity = cavity(2, LONG_RUN, "");
        start(cavity, launcher(cavity, List.of(), mpirun(List.of("icoFoam", "-parallel"))));
        Set<ProcessHandle> job = awaitSolving(2);
        long start = System.nanoTime();

        sigtermAll(job);

        assertEquals(143, exitCode(), log());
        long toExit = millisSince(start);
        long allGone = awaitAllGone(job, start);
        assertTrue(Platform.at(service()).result().orElse("").startsWith("CANCELLED: "),
                Platform.at(service()).result().orElse(""));
        report("launcher outside mpirun", "SIGTERM -> launcher exit 143 after %d ms, last process gone %d ms", toExit,
                allGone);
    }
}
