package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jobruntime.testkit.Requirement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shell scripts pass shellcheck: test.sh, singularity/build.sh, and the shell sections of the recipes. */
class ShellcheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** The recipe sections the builder runs (or sources) with /bin/sh. */
    private static final List<String> SHELL_SECTIONS = List.of("setup", "post", "environment", "runscript", "test");

    @TempDir
    Path dir;

    private String shellcheck;

    @BeforeEach
    void requireShellcheck() {
        shellcheck = shellcheck();
    }

    /** {@return the shellcheck command; skips the test, or fails it where CI requires shellcheck, without one} */
    static String shellcheck() {
        Requirement.assume("shellcheck", ToolBin.find("shellcheck").isPresent(), "shellcheck is not on the PATH");
        return ToolBin.find("shellcheck").orElseThrow().toString();
    }

    @Test
    void scriptsPassShellcheck() {
        Shell.Result run = Shell.run(Checkout.root(), Map.of(), TIMEOUT,
                List.of(shellcheck, "test.sh", "singularity/build.sh"));

        assertEquals(0, run.exitCode(), run.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.jobruntime.e2e.RecipesTest#recipes")
    void recipeShellSectionsPassShellcheck(Recipe recipe) throws IOException {
        recipeShellSectionsPass(recipe, dir);
    }

    /** Checks the sections of {@code recipe} that the builder runs with /bin/sh, each as a script in {@code dir}. */
    static void recipeShellSectionsPass(Recipe recipe, Path dir) throws IOException {
        String shellcheck = shellcheck();
        for (String section : SHELL_SECTIONS) {
            if (!recipe.sections().containsKey(section)) {
                continue;
            }
            Path script = dir.resolve(recipe.name() + "-" + section + ".sh");
            Files.writeString(script, "#!/bin/sh\n" + recipe.section(section), StandardCharsets.UTF_8);

            Shell.Result run = Shell.run(dir, Map.of(), TIMEOUT, List.of(shellcheck, "--shell=sh", script.toString()));

            assertEquals(0, run.exitCode(), recipe.file() + " %" + section + ":\n" + run);
        }
    }
}
