package io.github.jobruntime.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.Requirement;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code run --preset gromacs} through the built launcher, on a replay of {@code gmx mdrun -v}'s stderr (GROMACS
 * 2022, 50000 steps, a step line every 100 redrawn with {@code \r}, "imb F NN% " every other one): GROMACS itself
 * does not start on this machine, so {@code replay-mdrun.py} writes the recording at a pace the test knows, and
 * stops on SIGTERM as mdrun does.
 */
@Timeout(240)
class Launcher_GromacsPresetTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path FOLDER = Checkout.file("e2e/src/test/resources/io/github/jobruntime/e2e/gromacs");
    private static final Path REPLAY = FOLDER.resolve("replay-mdrun.py");
    private static final int STEPS = 50000;
    /** The steps between two step lines: mdrun -v prints every 100 (-stepout). */
    private static final int STEP_OUT = 100;
    private static final Pattern FACT = Pattern.compile("<tr><th scope=\"row\">([^<]+)</th><td>([^<]*)</td></tr>");
    private static final Pattern STEP_ROW = Pattern.compile("\\bstep \\d");
    private static final Pattern LOG = Pattern.compile("<h2>Log</h2>\\s*<pre>(.*?)</pre>", Pattern.DOTALL);

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private Path work;
    private Path service;

    @BeforeEach
    void python() throws IOException {
        Requirement.assume("python3", Files.isExecutable(PYTHON), PYTHON + " is missing (Debian package python3)");
        work = Files.createDirectories(dir.resolve("work"));
        service = Files.createDirectories(dir.resolve("service"));
    }

    private Process replay(String... replayArguments) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Shell.java(), "-jar",
                Checkout.file("launcher/target/job-runtime.jar").toString(), "run", "--service-dir",
                service.toString(), "--status-interval", "100ms", "--workdir", work.toString(), "--preset", "gromacs",
                "--", PYTHON.toString(), REPLAY.toString()));
        argv.addAll(Arrays.asList(replayArguments));
        return started.add(Shell.start(dir, Map.of(), dir.resolve("job.log"), argv));
    }

    private String log() {
        return Texts.readOrEmpty(dir.resolve("job.log"));
    }

    private Platform.Page page() {
        return Platform.at(service).page();
    }

    private Optional<String> fact(String name) {
        Matcher matcher = FACT.matcher(page().html());
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return Optional.of(matcher.group(2));
            }
        }
        return Optional.empty();
    }

    /** {@return the lines of the page's log tail that show a step of mdrun} */
    private List<String> stepRowsOfTheTail() {
        Matcher matcher = LOG.matcher(page().html());
        if (!matcher.find()) {
            return List.of();
        }
        return matcher.group(1).lines().filter(line -> STEP_ROW.matcher(line).find()).toList();
    }

    private double done() {
        return page().done().orElse(-1);
    }

    private int exitCode(Process process) throws InterruptedException {
        assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "still running after " + PATIENCE);
        return process.exitValue();
    }

    @SuppressWarnings("AnnotateFormatMethod") // a report line of the test; @FormatMethod would need a dependency
    private static void report(String format, Object... args) {
        System.out.printf("[gromacs] %s%n", String.format(format, args));
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread-MPI", "MPI"})
    void progressAdvancesThroughStepLinesWithAndWithoutTheLoadImbalanceAgainstMdrunsOwnTotal(String build)
            throws Exception {
        // thread-MPI (gmx): "imb F 29% " after a step's text, before the next \r; MPI (gmx_mpi): lines end in \n,
        // and "imb F 29% step 4900, ..." begins with it.
        Process job = build.equals("MPI") ? replay("--interval", "0.25", "--mpi") : replay("--interval", "0.25");
        TreeSet<Integer> seen = new TreeSet<>();

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            double done = done();
            if (done > 0) {
                seen.add((int) done);
            }
            return seen.size() >= 8 || !job.isAlive();
        });

        assertTrue(job.isAlive(), log());
        // The total is mdrun's own "50000 steps,    100.0 ps." line (a --progress rule with a total group only).
        assertEquals(OptionalDouble.of(STEPS), page().total(), page() + "\n" + log());
        assertTrue(seen.stream().allMatch(step -> step % STEP_OUT == 0), seen.toString());
        assertTrue(seen.stream().anyMatch(step -> step % 200 == 0), "a step behind or after 'imb F': " + seen);
        assertTrue(seen.stream().anyMatch(step -> step % 200 == 100), "a step without 'imb F': " + seen);
        assertTrue(fact("Load imbalance").orElse("").matches("\\d+%"), "the imbalance is a fact too: "
                + fact("Load imbalance"));
        assertTrue(fact("Will finish (mdrun)").orElse("").matches("Fri Dec  4 19:5\\d:\\d\\d 2026"),
                fact("Will finish (mdrun)").toString());
        report("%s build: steps seen on the page %s", build, seen);
        Platform.at(service).send("ABORT");
        assertEquals(0, exitCode(job), log());
    }

    @Test
    void aCompletedRunShowsItsRedrawnStepLineOnceInTheTailAndNsPerDayAtTheEnd() throws Exception {
        Process job = replay("--interval", "0.02");

        await().atMost(PATIENCE).until(() -> done() >= 10000 || !job.isAlive());
        List<String> whileRunning = stepRowsOfTheTail();

        assertEquals(0, exitCode(job), log());
        assertEquals(JobState.SUCCEEDED, page().state().orElse(null), log());
        assertEquals(1, whileRunning.size(), "one row for the step line mdrun redraws: " + whileRunning);
        assertEquals(OptionalDouble.of(STEPS), page().done());
        assertEquals(OptionalDouble.of(STEPS), page().total());
        assertEquals(Optional.of("17.998"), fact("ns/day"), page().html());
        assertEquals(Optional.of("480.064"), fact("Wall time (s)"));
        assertEquals(Optional.of("0 s"), fact("Time left (mdrun)"));
        // The redrawn line as a terminal leaves it (its last redraw, step 49900), then the last step after
        // "Writing final coordinates.", which ended that line.
        List<String> atTheEnd = stepRowsOfTheTail();
        assertEquals(2, atTheEnd.size(), atTheEnd.toString());
        assertTrue(atTheEnd.get(0).startsWith("step 49900, remaining wall clock time:     0 s"), atTheEnd.toString());
        assertTrue(atTheEnd.get(1).startsWith("step 50000, "), atTheEnd.toString());
        long redraws = Files.readString(FOLDER.resolve("mdrun-v.txt")).chars().filter(c -> c == '\r').count();
        assertEquals(STEPS / STEP_OUT + 1, redraws);
        report("%d step lines drawn with \\r; the tail showed %d row while running, %d at the end", redraws,
                whileRunning.size(), atTheEnd.size());
    }

    @Test
    void timeLeftAfterAFewUpdatesIsTheReplaysPaceAndAbortStopsMdrunWithACheckpoint() throws Exception {
        double interval = 0.2;
        Process job = replay("--interval", Double.toString(interval));
        List<ProcessHandle> tree = new ArrayList<>();

        // A few updates: five step lines after the first that has an estimate.
        await().atMost(PATIENCE).until(() -> (done() >= 600 && page().figure(Platform.Figure.ETA_SECONDS).isPresent())
                || !job.isAlive());
        Platform.Page page = page();
        job.descendants().forEach(tree::add);
        double done = page.done().orElseThrow();
        double eta = page.figure(Platform.Figure.ETA_SECONDS).orElseThrow();
        double truth = (STEPS - done) / STEP_OUT * interval;
        report("fresh run at step %.0f: ETA %.1f s, the replay's pace leaves %.1f s (%+.0f %%); mdrun's own: %s",
                done, eta, truth, 100 * (eta - truth) / truth, fact("Will finish (mdrun)").orElse("-"));
        assertTrue(Math.abs(eta - truth) <= 0.25 * truth, "ETA " + eta + " s, truth " + truth + " s");
        assertFalse(tree.isEmpty(), "the replay runs under the launcher");

        Platform.at(service).send("ABORT");

        assertEquals(0, exitCode(job), log());
        assertTrue(Platform.at(service).result().orElse("").startsWith("ABORTED"),
                Platform.at(service).result().toString());
        assertTrue(tree.stream().noneMatch(ProcessHandle::isAlive), "the whole tree is gone: " + tree);
        assertTrue(Files.isRegularFile(work.resolve("state.cpt")), "mdrun wrote its checkpoint on SIGTERM");
        assertTrue(log().contains("Received the TERM signal, stopping within 200 steps"), log());
        double stoppedAt = page().done().orElseThrow();
        assertTrue(stoppedAt % 200 == 0 && stoppedAt >= done, "mdrun stops at a search step: " + stoppedAt);
    }

    @Test
    void aResumedRunGivesTheTimeLeftOfWhatRemainsAfterThreeUpdates() throws Exception {
        // Three updates 0.4 s apart: a window long enough that a busy machine's jitter in when the replay prints
        // them stays small against it.
        double interval = 0.4;
        int from = 45000;
        Process job = replay("--interval", Double.toString(interval), "--from", Integer.toString(from));

        // "50000 steps,    100.0 ps (continuing from step 45000,     90.0 ps).", then steps 45000, 45100, ...
        await().atMost(PATIENCE).until(() -> (done() >= from + 3 * STEP_OUT
                && page().figure(Platform.Figure.ETA_SECONDS).isPresent()) || !job.isAlive());
        Platform.Page page = page();
        long readAt = System.nanoTime();
        double done = page.done().orElseThrow();
        double eta = page.figure(Platform.Figure.ETA_SECONDS).orElseThrow();
        // The truth is the time the rest of the run really takes: on a busy machine the replay runs slower than
        // its nominal pace, and the page's rate sees that as it would a slow solver.
        assertEquals(0, exitCode(job), log());
        double truth = (System.nanoTime() - readAt) / 1e9;
        report("resumed from %d, at step %.0f: ETA %.1f s, the rest took %.1f s (%+.0f %%)", from, done, eta, truth,
                100 * (eta - truth) / truth);

        assertEquals(OptionalDouble.of(STEPS), page.total(), page.toString());
        assertTrue(Math.abs(eta - truth) <= 0.25 * truth, "ETA " + eta + " s, truth " + truth + " s");
    }
}
