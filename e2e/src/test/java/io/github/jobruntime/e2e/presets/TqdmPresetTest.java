package io.github.jobruntime.e2e.presets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.StartedProcesses;
import io.github.jobruntime.testkit.Requirement;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --preset tqdm} on a real Python loop with nested tqdm bars (Debian's python3-tqdm): the page follows
 * the outer bar, never the inner one, shows tqdm's speed, keeps each redrawn bar once in the tail, and an ABORT
 * lets the script's SIGTERM handler write its checkpoint.
 */
@Timeout(240)
class TqdmPresetTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** 5 epochs of 20 batches of 0.2 s: 4 s an epoch, 20 s in all; a checkpoint of the epoch reached on SIGTERM. */
    private static final String TRAIN = """
            import signal, sys, time
            from tqdm import tqdm

            epoch = 0

            def checkpoint(signum, frame):
                with open("checkpoint.txt", "w") as f:
                    f.write(f"epoch {epoch}\\n")
                sys.exit(0)

            signal.signal(signal.SIGTERM, checkpoint)
            for epoch in tqdm(range(5), desc="epochs"):
                for batch in tqdm(range(20), desc="batch", leave=False):
                    time.sleep(0.2)
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private Path work;

    @BeforeEach
    void writeScript() throws Exception {
        Requirement.assume("python3", Files.isExecutable(PYTHON), PYTHON + " is missing (Debian package python3)");
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import tqdm").redirectErrorStream(true).start();
        boolean ended = check.waitFor(60, TimeUnit.SECONDS);
        Requirement.assume("tqdm", ended && check.exitValue() == 0, PYTHON + " has no tqdm (Debian: python3-tqdm)");
        work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("train.py"), TRAIN);
    }

    private PresetRun tqdm() throws IOException {
        return PresetRun.start(started, dir, work, List.of("--preset", "tqdm"), List.of(PYTHON.toString(), "train.py"));
    }

    private static long linesStarting(List<String> tail, String start) {
        return tail.stream().filter(line -> line.startsWith(start)).count();
    }

    @Test
    void pageFollowsTheOuterBarOfNestedBars() throws Exception {
        PresetRun run = tqdm();
        await().atMost(PresetRun.PATIENCE).until(() -> {
            Platform.Page page = run.page();
            return page.done().orElse(0) >= 1 && PresetRun.tail(page).stream().anyMatch(l -> l.startsWith("batch"));
        });
        Platform.Page mid = run.page();
        assertEquals(JobState.RUNNING, mid.state().orElse(null), run.raw());
        // The bar drawn last: the inner one's batches a second, or for a moment after an epoch the outer one's
        // seconds an epoch.
        String speed = PresetRun.fact(mid, "Speed").orElse("");
        assertTrue(speed.matches("[\\d.]+(it/s|s/it)"), mid.html());
        if (speed.endsWith("it/s")) {
            double batches = Double.parseDouble(speed.replace("it/s", ""));
            assertTrue(batches > 1 && batches < 5.5, "5 batches a second at most: " + speed);
        }
        List<String> tail = PresetRun.tail(mid);
        assertEquals(1, linesStarting(tail, "epochs:"), "the outer bar once: " + tail);
        assertTrue(linesStarting(tail, "batch:") <= 1, "the inner bar once: " + tail);

        PresetRun.Eta eta = run.measureEta(r -> r.done() >= 0.2 * r.total());
        System.out.println("tqdm: " + eta);
        assertTrue(eta.error() < 0.5, eta.toString());

        assertEquals(0, run.exitCode(), run.raw());
        Platform.Page end = run.page();
        List<String> shown = run.progressShown();
        System.out.println("tqdm: progress shown " + shown);
        assertEquals(Set.of("5"), totals(shown), "only the outer bar's total: " + shown);
        assertEquals("5/5", shown.get(shown.size() - 1), shown.toString());
        String raw = run.raw();
        List<String> endTail = PresetRun.tail(end);
        System.out.println("tqdm: raw output draws the outer bar " + Texts.count(raw, "epochs:") + " times and the"
                + " inner one " + Texts.count(raw, "batch:") + " times (" + Texts.count(raw, "\r") + " CRs, "
                + Texts.count(raw, "\u001b[A") + " ESC[A); the final tail holds "
                + linesStarting(endTail, "epochs:")
                + " epochs line and " + linesStarting(endTail, "batch:") + " batch lines; mid-run tail " + tail);
        assertTrue(Texts.count(raw, "batch:") >= 50, raw);
        assertEquals(1, linesStarting(endTail, "epochs:"), endTail.toString());
        assertEquals(0, linesStarting(endTail, "batch:"), "leave=False clears the inner bar: " + endTail);
    }

    /** {@return the totals the page showed} */
    private static Set<String> totals(List<String> shown) {
        Set<String> totals = new TreeSet<>();
        // Before the first bar the page shows no total (0 or -1).
        shown.stream().map(reading -> reading.substring(reading.indexOf('/') + 1))
                .filter(total -> !total.startsWith("-") && !total.equals("0")).forEach(totals::add);
        return totals;
    }

    @Test
    void abortLetsTheScriptWriteItsCheckpoint() throws Exception {
        PresetRun run = tqdm();
        run.awaitCommand("python3");
        await().atMost(PresetRun.PATIENCE).until(() -> run.page().done().orElse(0) >= 1);

        run.abort();

        assertEquals(JobState.ABORTED, run.page().state().orElse(null), run.raw());
        String checkpoint = Files.readString(work.resolve("checkpoint.txt")).strip();
        System.out.println("tqdm: checkpoint after ABORT at " + run.page().toString() + ": " + checkpoint);
        assertTrue(checkpoint.matches("epoch [1-4]"), checkpoint);
    }
}
