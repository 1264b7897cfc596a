package io.github.jobruntime.e2e.presets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.e2e.StartedProcesses;
import io.github.jobruntime.e2e.presets.PresetRun.Reading;
import io.github.jobruntime.testkit.Requirement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --preset training} on a Python training loop that prints what Keras prints ({@code Epoch 3/20} as an
 * epoch begins, {@code 32/32 - 1s - loss: 0.3333 - accuracy: 0.8333 - val_loss: ...} as it ends), each epoch a
 * fixed 0.6 s so that the time left is known, and that saves a checkpoint on SIGTERM, as a loop that can be
 * stopped and resumed does. Run without {@code -u}: the launcher's {@code PYTHONUNBUFFERED=1} is what makes its
 * lines reach the page as they are printed.
 */
@Timeout(180)
class TrainingPresetTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int EPOCHS = 20;
    private static final double EPOCH_SECONDS = 0.6;
    private static final String TRAIN = """
            import json, signal, sys, time
            epochs, seconds = int(sys.argv[1]), float(sys.argv[2])
            done = 0

            def checkpoint(signum, frame):
                with open("checkpoint.json", "w") as f:
                    json.dump({"epoch": done}, f)
                print(f"SIGTERM: saved checkpoint.json at epoch {done}")
                sys.exit(0)

            signal.signal(signal.SIGTERM, checkpoint)
            for epoch in range(1, epochs + 1):
                print(f"Epoch {epoch}/{epochs}")
                time.sleep(seconds)
                done = epoch
                print(f"32/32 - 1s - loss: {1 / epoch:.4f} - accuracy: {1 - 0.5 / epoch:.4f}"
                      f" - val_loss: {1.2 / epoch:.4f} - val_accuracy: {1 - 0.6 / epoch:.4f}")
            """;

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    @Test
    void loopShowsEpochsTimeLeftAndChartsAndAbortLeavesItsCheckpoint() throws Exception {
        Requirement.assume("python3", Files.isExecutable(PYTHON), PYTHON + " is missing (Debian package python3)");
        Files.writeString(dir.resolve("train.py"), TRAIN);

        PresetRun run = PresetRun.start(started, dir, dir, List.of("--preset", "training"),
                List.of(PYTHON.toString(), "train.py", String.valueOf(EPOCHS), String.valueOf(EPOCH_SECONDS)));

        List<Reading> readings = run.awaitTimesLeft(3);
        Reading last = readings.get(readings.size() - 1);
        for (int i = 1; i < readings.size(); i++) {
            assertTrue(readings.get(i).done() > readings.get(i - 1).done(), readings::toString);
        }
        assertEquals(EPOCHS, run.page().total().orElse(0), 0, readings::toString);
        // "Epoch N/20" comes as epoch N begins: 20 - N + 1 epochs are left, the page counts 20 - N of them.
        double truth = (EPOCHS - last.done() + 1) * EPOCH_SECONDS;
        System.out.printf("training: time left %.0f s at epoch %.0f, truth %.1f s; readings %s%n",
                last.etaSeconds(), last.done(), truth, readings);
        PresetRun.assertClose(truth, last.etaSeconds(), 0.5, "time left at " + last);
        // Each metric on a chart of its own: "loss" is not read from "val_loss", nor "accuracy" from "val_accuracy".
        await().atMost(PresetRun.PATIENCE).untilAsserted(() -> assertEquals(
                List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(charts(run).keySet()), run::raw));
        Map<String, Double> latest = charts(run);
        double epoch = Math.round(1 / latest.get("loss"));
        assertTrue(epoch >= last.done() - 1, latest::toString);
        PresetRun.assertClose(1 - 0.5 / epoch, latest.get("accuracy"), 0.01, "accuracy " + latest);
        PresetRun.assertClose(1.2 / epoch, latest.get("val_loss"), 0.01, "val_loss " + latest);
        PresetRun.assertClose(1 - 0.6 / epoch, latest.get("val_accuracy"), 0.01, "val_accuracy " + latest);

        run.abort();

        String checkpoint = Files.readString(dir.resolve("checkpoint.json"));
        Matcher saved = Pattern.compile("\"epoch\": (\\d+)").matcher(checkpoint);
        assertTrue(saved.find() && Integer.parseInt(saved.group(1)) >= last.done() - 1, checkpoint);
        assertTrue(run.raw().contains("SIGTERM: saved checkpoint.json at epoch " + saved.group(1)), run::raw);
    }

    /** {@return the charts on the page, in its order, each with its latest value} */
    private static Map<String, Double> charts(PresetRun run) {
        Map<String, Double> charts = new LinkedHashMap<>();
        PresetRun.charts(run.page()).forEach((name, chart) -> charts.put(name, chart.value()));
        return charts;
    }
}
