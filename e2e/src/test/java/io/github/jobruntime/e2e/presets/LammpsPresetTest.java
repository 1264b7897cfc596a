package io.github.jobruntime.e2e.presets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.StartedProcesses;
import io.github.jobruntime.testkit.Requirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --preset lammps} on Debian's LAMMPS running its melt example, lengthened to 5,000 steps: the page follows
 * the Step column against the run length LAMMPS echoes into log.lammps, charts the thermo columns, tails the last
 * thermo rows, and an ABORT stops LAMMPS, which leaves the restart files its input asked for.
 */
@Timeout(240)
class LammpsPresetTest {

    static final Path LMP = Path.of("/usr/bin/lmp");
    static final Path MELT = Path.of("/usr/share/lammps/examples/melt/in.melt");
    static final int STEPS = 5000;
    /** A thermo row of the default style: Step Temp E_pair E_mol TotEng Press. */
    private static final Pattern ROW = Pattern.compile("\\s*(\\d+)(\\s+-?[\\d.]+(e[-+]\\d+)?){5}\\s*");

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    static void assumeInstalled() {
        Requirement.assume("lammps", Files.isExecutable(LMP) && Files.isRegularFile(MELT),
                LMP + " or " + MELT + " is missing (Debian packages lammps, lammps-examples)");
    }

    /**
     * {@return a folder holding the melt example, {@code STEPS} steps long, with {@code extra} input lines before its
     * run} As the preset says, the input flushes each thermo row ({@code thermo_modify flush yes}): LAMMPS 2021
     * buffers its screen output on a pipe (4 KiB, some 50 rows), and the page would only move once in a while.
     */
    static Path melt(Path dir, String extra) throws IOException {
        Path melt = Files.createDirectories(dir.resolve("melt"));
        String input = Files.readString(MELT);
        assertTrue(input.contains("\nrun\t\t250\n"), input);
        Files.writeString(melt.resolve("in.melt"), input.replace("\nrun\t\t250\n",
                "\nthermo_modify\tflush yes\n" + extra + "run\t\t" + STEPS + "\n"));
        return melt;
    }

    /** {@code lmp -in in.melt} in {@code melt}, under the preset; {@code started} kills it after the test. */
    static PresetRun lmp(StartedProcesses started, Path dir, Path melt) throws IOException {
        return PresetRun.start(started, dir, melt, List.of("--preset", "lammps"), List.of("lmp", "-in", "in.melt"));
    }

    private static boolean isRow(String line) {
        return ROW.matcher(line).matches();
    }

    @Test
    void pageFollowsTheStepsChartsTheThermoColumnsAndTailsTheLastRows() throws Exception {
        assumeInstalled();
        PresetRun run = lmp(started, dir, melt(dir, ""));
        await().atMost(PresetRun.PATIENCE).until(() -> run.page().done().orElse(0) > 0
                && run.page().total().orElse(0) > 0);
        Platform.Page first = run.page();
        assertEquals(STEPS, first.total().getAsDouble(), "the total is the run length, from log.lammps: " + first);
        await().atMost(PresetRun.PATIENCE).until(() -> run.page().done().orElse(0)
                >= first.done().getAsDouble() + 200);

        Platform.Page mid = run.page();
        assertEquals(JobState.RUNNING, mid.state().orElse(null), run.raw());
        for (String column : List.of("Temp", "E_pair", "TotEng", "Press")) {
            assertTrue(PresetRun.chart(mid, column).orElseThrow(() -> new AssertionError("no " + column + " chart"))
                    .count() >= 2, mid.html());
        }
        assertEquals("3", PresetRun.chart(mid, "Temp").orElseThrow().max(), "velocity all create 3.0");
        assertEquals("4000", PresetRun.fact(mid, "Atoms").orElse(""), mid.html());
        List<String> tail = PresetRun.tail(mid);
        assertTrue(isRow(tail.get(tail.size() - 1)) && isRow(tail.get(tail.size() - 2)),
                "the tail ends with the last thermo rows: " + tail);

        PresetRun.Eta eta = run.measureEta(r -> r.done() >= 0.3 * r.total());
        System.out.println("lammps: " + eta);
        assertTrue(eta.error() < 0.5, eta.toString());

        assertEquals(0, run.exitCode(), run.raw());
        Platform.Page end = run.page();
        assertEquals(JobState.SUCCEEDED, end.state().orElse(null), run.raw());
        assertEquals(STEPS / 50 + 1, PresetRun.chart(end, "Temp").orElseThrow().count(),
                "thermo 50: a row every 50 steps");
        assertTrue(PresetRun.fact(end, "Performance").orElse("").contains("timesteps/s"), end.html());
        System.out.println("lammps: mid-run tail ends " + tail.subList(Math.max(0, tail.size() - 3), tail.size()));
    }

    @Test
    void abortStopsLammpsWhichLeavesItsRestartFiles() throws Exception {
        assumeInstalled();
        Path melt = melt(dir, "restart\t\t100 melt.restart\n");
        PresetRun run = lmp(started, dir, melt);
        run.awaitCommand("lmp");
        await().atMost(PresetRun.PATIENCE).until(() -> run.page().done().orElse(0) >= 300);

        run.abort();

        assertEquals(JobState.ABORTED, run.page().state().orElse(null), run.raw());
        List<Path> restarts;
        try (Stream<Path> files = Files.list(melt)) {
            restarts = files.filter(f -> f.getFileName().toString().matches("melt\\.restart\\.\\d+"))
                    .sorted(Comparator.comparingInt(LammpsPresetTest::step).reversed()).toList();
        }
        assertTrue(restarts.size() >= 3, restarts.toString());
        // The newest one LAMMPS reads back; SIGTERM may have cut the very last one short while it was written.
        Path read = null;
        for (Path restart : restarts.subList(0, 2)) {
            Files.writeString(melt.resolve("resume.in"), "read_restart " + restart.getFileName() + "\nrun 0\n");
            Process check = new ProcessBuilder(LMP.toString(), "-in", "resume.in", "-log", "none")
                    .directory(melt.toFile()).redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (check.waitFor() == 0 && out.contains("Current step  : " + step(restart))) {
                read = restart;
                break;
            }
        }
        System.out.println("lammps: ABORT at " + run.page() + " left " + restarts.size() + " restart files, the"
                + " newest " + restarts.get(0).getFileName() + ", read back: " + read);
        assertTrue(read != null, "LAMMPS reads back neither of " + restarts.subList(0, 2));
    }

    private static int step(Path restart) {
        String name = restart.getFileName().toString();
        return Integer.parseInt(name.substring(name.lastIndexOf('.') + 1));
    }
}
