package io.github.jobruntime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import picocli.CommandLine;

class PresetsTest {

    static final List<String> NAMES = Presets.NAMES;

    @TempDir
    Path temp;

    @ParameterizedTest
    @FieldSource("NAMES")
    void everyPresetInTheJarIsValidRunOptions(String name) {
        String[] args = Presets.expand(new String[] {"run", "--preset", name, "--", "true"});

        // Every line is an option of run with a value it accepts: converters check each regex and name.
        CommandLine.ParseResult parsed = new CommandLine(new RunCommand()).parseArgs(
                List.of(args).subList(1, args.length).toArray(String[]::new));
        assertTrue(parsed.matchedOptions().size() > 2, parsed.matchedOptions().toString());
    }

    @Test
    void thePresetsOptionsGoBeforeTheUsersWhoseRulesAddAndWhoseSingleValuesReplace() throws IOException {
        Path preset = Files.writeString(temp.resolve("solver.preset"), """
                # a comment, then options
                --progress ^Step (?<done>\\d+)
                --progress-total 100

                --metric residual=res (?<value>\\S+)
                """);

        String[] args = Presets.expand(new String[] {"run", "--preset", preset.toString(), "--progress-total", "50",
                "--metric", "energy=E (?<value>\\S+)", "--", "./solver", "--preset", "x"});

        assertEquals(List.of("run", "--progress", "^Step (?<done>\\d+)", "--metric", "residual=res (?<value>\\S+)",
                "--preset", preset.toString(), "--progress-total", "50", "--metric", "energy=E (?<value>\\S+)",
                "--", "./solver", "--preset", "x"), List.of(args));
    }

    @Test
    void argumentsWithoutAPresetAreLeftAsTheyAre() {
        String[] args = {"run", "--progress", "x (?<percent>\\d+)%", "--", "./solver", "--preset", "openfoam"};

        assertEquals(List.of(args), List.of(Presets.expand(args)));
    }

    @Test
    void aLineThatIsNotAnOptionIsNamedWithItsNumber() throws IOException {
        Path preset = Files.writeString(temp.resolve("bad.preset"), "--progress ^Step (?<done>\\d+)\nprogress\n");

        JobConfigurationException e = assertThrows(JobConfigurationException.class,
                () -> Presets.options(preset.toString()));

        assertEquals("preset " + preset + ", line 2: 'progress' is not an option and its value, such as "
                + "'--progress ^Step (?<done>\\d+)' - one option per line, its value after one space, unquoted",
                e.getMessage());
    }

    @Test
    void anUnknownPresetIsAUsageErrorNamingTheKnownOnesAndNothingRuns() throws IOException {
        Path service = Files.createDirectories(temp.resolve("service"));
        Path marker = temp.resolve("ran");

        try (ChildJvm run = ChildJvm.start(temp, Main.class, Map.of(), "run", "--service-dir", service.toString(),
                "--preset", "openfaom", "--", "touch", marker.toString())) {
            assertEquals(2, run.exitCode(60), run.stderr());
            assertTrue(run.stderr().contains("error: --preset openfaom is neither a preset of the launcher "
                    + "(openfoam, lammps, gromacs, tqdm, ffmpeg, rsync, training) nor a file"), run.stderr());
        }
        assertTrue(Files.notExists(marker));
        assertTrue(Platform.at(service).result().orElseThrow().contains("--preset openfaom"),
                Platform.at(service).result().toString());
    }

    @Test
    void theTrainingPresetChartsWhatKerasHandWrittenLoopsAndTheHuggingFaceTrainerPrint() {
        Map<String, Pattern> metrics = new LinkedHashMap<>();
        List<String> options = Presets.options("training");
        for (int i = 0; i < options.size(); i += 2) {
            if (options.get(i).equals("--metric")) {
                String[] metric = options.get(i + 1).split("=", 2);
                metrics.put(metric[0], Pattern.compile(metric[1]));
            }
        }
        Map<String, Map<String, String>> lines = new LinkedHashMap<>();
        lines.put("32/32 - 1s - loss: 0.4100 - accuracy: 0.8700 - val_loss: 0.5000 - val_accuracy: 0.8000",
                Map.of("loss", "0.4100", "accuracy", "0.8700", "val_loss", "0.5000", "val_accuracy", "0.8000"));
        lines.put("epoch 3/10 loss 0.412 acc 0.87", Map.of("loss", "0.412", "accuracy", "0.87"));
        lines.put("{'loss': 0.4123, 'grad_norm': 1.2, 'learning_rate': 4.9e-05, 'epoch': 0.33}",
                Map.of("loss", "0.4123"));
        lines.put("{'eval_loss': 0.35, 'eval_accuracy': 0.88, 'eval_runtime': 1.2, 'epoch': 1.0}",
                Map.of("val_loss", "0.35", "val_accuracy", "0.88"));
        lines.put("{'train_runtime': 12.3, 'train_loss': 0.41, 'epoch': 3.0}", Map.of());

        lines.forEach((line, expected) -> {
            Map<String, String> read = new LinkedHashMap<>();
            metrics.forEach((name, regex) -> {
                Matcher matcher = regex.matcher(line);
                if (matcher.find()) {
                    read.put(name, matcher.group("value"));
                }
            });
            assertEquals(expected, read, line);
        });
    }
}
