package io.github.jobruntime.e2e.presets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.e2e.Checkout;
import io.github.jobruntime.e2e.StartedProcesses;
import io.github.jobruntime.e2e.presets.PresetRun.Eta;
import io.github.jobruntime.e2e.presets.PresetRun.Reading;
import io.github.jobruntime.testkit.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;
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
class GromacsPresetTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path FOLDER = Checkout.file("e2e/src/test/resources/io/github/jobruntime/e2e/gromacs");
    private static final Path REPLAY = FOLDER.resolve("replay-mdrun.py");
    private static final int STEPS = 50000;
    /** The steps between two step lines: mdrun -v prints every 100 (-stepout). */
    private static final int STEP_OUT = 100;
    private static final Pattern STEP_ROW = Pattern.compile("\\bstep \\d");

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private Path work;

    @BeforeEach
    void python() throws IOException {
        Requirement.assume("python3", Files.isExecutable(PYTHON), PYTHON + " is missing (Debian package python3)");
        work = Files.createDirectories(dir.resolve("work"));
    }

    private PresetRun replay(String... replayArguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), REPLAY.toString()));
        command.addAll(Arrays.asList(replayArguments));
        return PresetRun.start(started, dir, work, List.of("--preset", "gromacs"), command);
    }

    private static Optional<String> fact(PresetRun run, String name) {
        return PresetRun.fact(run.page(), name);
    }

    /** {@return the lines of the page's log tail that show a step of mdrun} */
    private static List<String> stepRowsOfTheTail(PresetRun run) {
        return run.tail().stream().filter(line -> STEP_ROW.matcher(line).find()).toList();
    }

    private static double done(PresetRun run) {
        return run.page().done().orElse(-1);
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
        PresetRun run = build.equals("MPI") ? replay("--interval", "0.25", "--mpi") : replay("--interval", "0.25");
        TreeSet<Integer> seen = new TreeSet<>();

        await().atMost(PresetRun.PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            double done = done(run);
            if (done > 0) {
                seen.add((int) done);
            }
            return seen.size() >= 8 || !run.isAlive();
        });

        assertTrue(run.isAlive(), run::raw);
        // The total is mdrun's own "50000 steps,    100.0 ps." line (a --progress rule with a total group only).
        assertEquals(OptionalDouble.of(STEPS), run.page().total(), () -> run.page() + "\n" + run.raw());
        assertTrue(seen.stream().allMatch(step -> step % STEP_OUT == 0), seen.toString());
        assertTrue(seen.stream().anyMatch(step -> step % 200 == 0), "a step behind or after 'imb F': " + seen);
        assertTrue(seen.stream().anyMatch(step -> step % 200 == 100), "a step without 'imb F': " + seen);
        assertTrue(fact(run, "Load imbalance").orElse("").matches("\\d+%"), "the imbalance is a fact too: "
                + fact(run, "Load imbalance"));
        assertTrue(fact(run, "Will finish (mdrun)").orElse("").matches("Fri Dec  4 19:5\\d:\\d\\d 2026"),
                fact(run, "Will finish (mdrun)").toString());
        report("%s build: steps seen on the page %s", build, seen);
        run.abort();
    }

    @Test
    void aCompletedRunShowsItsRedrawnStepLineOnceInTheTailAndNsPerDayAtTheEnd() throws Exception {
        PresetRun run = replay("--interval", "0.02");

        await().atMost(PresetRun.PATIENCE).until(() -> done(run) >= 10000 || !run.isAlive());
        List<String> whileRunning = stepRowsOfTheTail(run);

        assertEquals(0, run.exitCode(), run::raw);
        assertEquals(JobState.SUCCEEDED, run.page().state().orElse(null), run::raw);
        assertEquals(1, whileRunning.size(), "one row for the step line mdrun redraws: " + whileRunning);
        assertEquals(OptionalDouble.of(STEPS), run.page().done());
        assertEquals(OptionalDouble.of(STEPS), run.page().total());
        assertEquals(Optional.of("17.998"), fact(run, "ns/day"), () -> run.page().html());
        assertEquals(Optional.of("480.064"), fact(run, "Wall time (s)"));
        assertEquals(Optional.of("0 s"), fact(run, "Time left (mdrun)"));
        // The redrawn line as a terminal leaves it (its last redraw, step 49900), then the last step after
        // "Writing final coordinates.", which ended that line.
        List<String> atTheEnd = stepRowsOfTheTail(run);
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
        PresetRun run = replay("--interval", Double.toString(interval));

        // A few updates: five step lines after the first that has an estimate.
        Reading reading = run.awaitReading(r -> r.done() >= 600 && r.hasTimeLeft());
        double done = reading.done();
        double eta = reading.etaSeconds();
        double truth = (STEPS - done) / STEP_OUT * interval;
        report("fresh run at step %.0f: ETA %.1f s, the replay's pace leaves %.1f s (%+.0f %%); mdrun's own: %s",
                done, eta, truth, 100 * (eta - truth) / truth, fact(run, "Will finish (mdrun)").orElse("-"));
        assertTrue(Math.abs(eta - truth) <= 0.25 * truth, "ETA " + eta + " s, truth " + truth + " s");

        run.abort();

        assertTrue(Files.isRegularFile(work.resolve("state.cpt")), "mdrun wrote its checkpoint on SIGTERM");
        assertTrue(run.raw().contains("Received the TERM signal, stopping within 200 steps"), run::raw);
        double stoppedAt = run.page().done().orElseThrow();
        assertTrue(stoppedAt % 200 == 0 && stoppedAt >= done, "mdrun stops at a search step: " + stoppedAt);
    }

    @Test
    void aResumedRunGivesTheTimeLeftOfWhatRemainsAfterThreeUpdates() throws Exception {
        // Three updates 0.4 s apart: a window long enough that a busy machine's jitter in when the replay prints
        // them stays small against it.
        double interval = 0.4;
        int from = 45000;
        PresetRun run = replay("--interval", Double.toString(interval), "--from", Integer.toString(from));

        // "50000 steps,    100.0 ps (continuing from step 45000,     90.0 ps).", then steps 45000, 45100, ...
        // The truth is the time the rest of the run really takes: on a busy machine the replay runs slower than
        // its nominal pace, and the page's rate sees that as it would a slow solver.
        Eta eta = run.measureEta(r -> r.done() >= from + 3 * STEP_OUT);
        assertEquals(0, run.exitCode(), run::raw);
        report("resumed from %d, at step %.0f: %s", from, eta.doneAtReading(), eta);

        assertEquals(STEPS, eta.total(), eta.toString());
        assertTrue(Math.abs(eta.shownSeconds() - eta.trueSeconds()) <= 0.25 * eta.trueSeconds(), eta.toString());
    }
}
