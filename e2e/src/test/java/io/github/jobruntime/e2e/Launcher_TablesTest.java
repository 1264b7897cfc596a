package io.github.jobruntime.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.e2e.presets.PresetRun;
import io.github.jobruntime.e2e.presets.PresetRun.Chart;
import io.github.jobruntime.testkit.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --table} on real programs through the built launcher: LAMMPS's thermo table from its output and from the
 * log file it writes, and the CSV file a Python training loop appends to row by row, charted while it runs.
 */
@Timeout(180)
class Launcher_TablesTest {

    private static final Path MELT = Path.of("/usr/share/lammps/examples/melt/in.melt");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Three epochs, then waits for the file {@code go}, then two more: the page is read between. */
    private static final String TRAINING = """
            import csv, os, time
            with open("metrics.csv", "w", newline="") as f:
                out = csv.writer(f)
                out.writerow(["epoch", "loss", "accuracy"])
                f.flush()
                for epoch in range(1, 6):
                    if epoch == 4:
                        while not os.path.exists("go"):
                            time.sleep(0.02)
                    print(f"epoch {epoch}/5", flush=True)
                    out.writerow([epoch, round(1.0 / epoch, 4), round(1 - 0.5 / epoch, 4)])
                    f.flush()
            """;
    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private PresetRun launch(Path workDir, List<String> options, String... command) throws IOException {
        return PresetRun.start(started, dir, workDir, options, List.of(command));
    }

    private static Optional<Chart> chart(PresetRun run, String name) {
        return PresetRun.chart(run.page(), name);
    }

    @Test
    void lammpsThermoColumnsAreChartedFromItsOutputAndFromItsLogFile() throws Exception {
        Requirement.assume("lammps", Files.isExecutable(Path.of("/usr/bin/lmp")) && Files.isRegularFile(MELT),
                "lmp or " + MELT + " is missing (Debian packages lammps, lammps-examples)");
        Path melt = Files.createDirectories(dir.resolve("melt"));
        Files.copy(MELT, melt.resolve("in.melt"));

        PresetRun run = launch(melt, List.of("--table", "Temp,Press", "--table", "file:log.lammps:TotEng"),
                "lmp", "-in", "in.melt");

        assertEquals(0, run.exitCode(), run::raw);
        assertEquals(JobState.SUCCEEDED, run.page().state().orElse(null), run::raw);
        // thermo 50, run 250: steps 0, 50, ..., 250; Temp starts at 3 (velocity all create 3.0) and settles near 1.6.
        Chart temp = chart(run, "Temp").orElseThrow(() -> new AssertionError("no Temp chart: " + run.raw()));
        assertEquals(6, temp.count(), temp.toString());
        assertEquals("3", temp.max(), temp.toString());
        assertTrue(Math.abs(Double.parseDouble(temp.latest()) - 1.66) < 0.05, temp.toString());
        assertEquals(6, chart(run, "Press").orElseThrow().count());
        Chart totEng = chart(run, "TotEng").orElseThrow(() -> new AssertionError("no TotEng chart from "
                + "log.lammps: " + run.raw()));
        assertEquals(6, totEng.count(), totEng.toString());
        assertTrue(totEng.latest().startsWith("-2.28"), totEng.toString());
        assertFalse(chart(run, "E_pair").isPresent(), "only the columns named are charted");
    }

    @Test
    void csvOfAPythonTrainingLoopIsChartedRowByRowWhileItRuns() throws Exception {
        Requirement.assume("python3", Files.isExecutable(PYTHON), PYTHON + " is missing (Debian package python3)");
        Path work = Files.createDirectories(dir.resolve("train"));
        Files.writeString(work.resolve("train.py"), TRAINING);
        // A previous run's file: not this run's figures, and overwritten by the script.
        Files.writeString(work.resolve("metrics.csv"), "epoch,loss,accuracy\n1,9,0.1\n2,8,0.1\n3,7,0.1\n4,6,0.1\n");

        PresetRun run = launch(work, List.of("--table", "file:metrics.csv:loss,accuracy"), PYTHON.toString(),
                "train.py");

        await().atMost(PresetRun.PATIENCE).untilAsserted(() -> assertEquals(
                Optional.of(new Chart("0.3333", "0.3333", "1", 3)), chart(run, "loss"), run::raw));
        assertTrue(run.isAlive(), "the page shows the rows written so far, while the script waits");
        assertEquals(Optional.of(new Chart("0.8333", "0.5", "0.8333", 3)), chart(run, "accuracy"));
        Files.createFile(work.resolve("go"));

        assertEquals(0, run.exitCode(), run::raw);
        assertEquals(Optional.of(new Chart("0.2", "0.2", "1", 5)), chart(run, "loss"));
        assertEquals(Optional.of(new Chart("0.9", "0.5", "0.9", 5)), chart(run, "accuracy"));
    }
}
