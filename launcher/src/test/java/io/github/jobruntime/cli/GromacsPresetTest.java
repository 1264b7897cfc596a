package io.github.jobruntime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code gromacs} preset's regular expressions on each form of line in the e2e module's recording of
 * {@code gmx mdrun -v} (GROMACS 2022), split where a terminal starts a line again: at {@code \n} and {@code \r}.
 */
class GromacsPresetTest {

    private static final Path RECORDING = Path.of("../e2e/src/test/resources/io/github/jobruntime/e2e/gromacs/"
            + "mdrun-v.txt");
    private static List<String> lines;
    /** Each option of the preset with its regex, in order: "--progress 1", "--fact ns/day", ... */
    private static final Map<String, Pattern> RULES = new LinkedHashMap<>();

    @BeforeAll
    static void readTheRecordingAndThePreset() throws IOException {
        lines = Arrays.asList(Files.readString(RECORDING).split("\r|\n"));
        List<String> options = Presets.options("gromacs");
        int progress = 0;
        for (int i = 0; i < options.size(); i += 2) {
            String value = options.get(i + 1);
            switch (options.get(i)) {
                case "--progress" -> RULES.put("--progress " + ++progress, Pattern.compile(value));
                case "--message" -> RULES.put("--message", Pattern.compile(value));
                case "--fact" -> RULES.put("--fact " + value.substring(0, value.indexOf('=')),
                        Pattern.compile(value.substring(value.indexOf('=') + 1)));
                default -> throw new AssertionError("an option this test does not know: " + options.get(i));
            }
        }
    }

    /** {@return the named group of the rule's first match in the line, empty when it does not match} */
    private static Optional<String> match(String rule, String group, String line) {
        Matcher matcher = RULES.get(rule).matcher(line);
        return matcher.find() ? Optional.ofNullable(matcher.group(group)) : Optional.empty();
    }

    private static String lineWith(String text) {
        return lines.stream().filter(line -> line.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("the recording has no line with " + text));
    }

    @Test
    void theStepIsReadFromEveryStepLineWhereverTheLoadImbalanceIs() {
        List<String> steps = new ArrayList<>();
        for (String line : lines) {
            match("--progress 1", "done", line).ifPresent(steps::add);
        }
        // Every 100 steps from 0 to 50000, each once: 501 redraws.
        assertEquals(501, steps.size(), steps.toString());
        assertEquals("0", steps.get(0));
        assertEquals("4900", steps.get(49));
        assertEquals("50000", steps.get(500));
        // A thread-MPI build writes "imb F" after the step's text, before the next \r...
        assertEquals(Optional.of("4900"), match("--progress 1", "done",
                lineWith("step 4900, will finish ")));
        assertTrue(lineWith("step 4900, ").endsWith("imb F 30% "), lineWith("step 4900, "));
        // ...an MPI build (gmx_mpi) before it, as its step lines end in \n; with DLB, volume and PME load around it.
        assertEquals(Optional.of("4900"), match("--progress 1", "done",
                "imb F 29% step 4900, will finish Fri Dec  4 19:55:37 2026"));
        assertEquals(Optional.of("10000"), match("--progress 1", "done",
                "vol 0.94  imb F  2% pme/F 0.92 step 10000, remaining wall clock time:     0 s"));
    }

    @Test
    void theTotalIsMdrunsOwnLineOfStepsNewOrResumed() {
        assertEquals(Optional.of("50000"), match("--progress 2", "total", lineWith(" steps, ")));
        assertEquals("50000 steps,    100.0 ps.", lineWith(" steps, "));
        // md.cpp's form for a run continued from a checkpoint: the total is still the last step.
        assertEquals(Optional.of("50000"), match("--progress 2", "total",
                "50000 steps,    100.0 ps (continuing from step 40000,     80.0 ps)."));
        // nsteps -1 runs for ever: no total.
        assertEquals(Optional.empty(), match("--progress 2", "total", "-1 steps, infinite ps."));
        for (String line : lines) {
            assertFalse(match("--progress 1", "done", line).isPresent() && line.contains(" steps, "), line);
            if (!line.equals(lineWith(" steps, "))) {
                assertEquals(Optional.empty(), match("--progress 2", "total", line), line);
            }
        }
        assertEquals(Optional.empty(), match("--progress 1", "done",
                "Received the TERM signal, stopping within 200 steps"));
    }

    @Test
    void mdrunsEstimateLoadAndPerformanceAreFacts() {
        assertEquals(Optional.of("Fri Dec  4 19:55:37 2026"), match("--fact Will finish (mdrun)", "value",
                lineWith("step 18300, ")));
        assertEquals(Optional.of("298 s"), match("--fact Time left (mdrun)", "value", lineWith("step 18900, ")));
        assertEquals(Optional.of("30%"), match("--fact Load imbalance", "value", lineWith("step 4900, ")));
        assertEquals(Optional.of("17.998"), match("--fact ns/day", "value", lineWith("Performance:")));
        assertEquals(Optional.of("480.064"), match("--fact Wall time (s)", "value", lineWith("Time:  ")));
        assertEquals(Optional.of("starting mdrun 'LYSOZYME in water'"), match("--message", "message",
                lineWith("starting mdrun")));
        assertEquals(Optional.of("Writing final coordinates."), match("--message", "message",
                lineWith("Writing final")));
        assertEquals(Optional.of("Received the TERM signal, stopping within 200 steps"), match("--message",
                "message", "Received the TERM signal, stopping within 200 steps"));
    }
}
