package io.github.jobruntime.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An outside tool a test needs (Chromium, shellcheck, OpenMPI, Slurm). Locally a missing tool skips the test with
 * the reason; where the build says the tool is required ({@code -Djobruntime.required=chromium,openmpi}, as CI
 * does) it fails the test instead, so a broken install can never pass as a skip.
 */
public final class Requirement {

    private static final String PROPERTY = "jobruntime.required";

    private Requirement() {
    }

    /** Skips, or fails when {@code tool} is required, unless {@code available}; {@code reason} says what is missing. */
    public static void assume(String tool, boolean available, String reason) {
        if (available) {
            return;
        }
        if (required().contains(tool)) {
            fail(tool + " is required here (-D" + PROPERTY + ") but " + reason);
        }
        abort(reason + " - install it to run this test (CI requires it)");
    }

    /** True when the build asked for the tests that use {@code tool} to run. */
    public static boolean isRequired(String tool) {
        return required().contains(tool);
    }

    private static Set<String> required() {
        return Arrays.stream(System.getProperty(PROPERTY, "").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }
}
