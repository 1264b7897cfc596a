package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * build.sh and test.sh under {@code set -u} with their optional arrays empty. Bash before 4.4 (CentOS/RHEL 7 has
 * 4.2) calls an empty array unbound there, and no such bash can be installed here: every array expansion must take
 * the guarded form {@code ${a[@]+"${a[@]}"}}, and the scripts run their code paths with the arrays empty on this
 * machine's bash.
 */
class Scripts_EmptyArraysTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Any use of every element of an array; {@code ${#a[@]}}, the count, is safe and does not match. */
    private static final Pattern EXPANSION = Pattern.compile("\\$\\{\\w+\\[[@*]\\]");
    /** An expansion of every element of an array, unguarded. */
    private static final Pattern BARE = Pattern.compile("\\$\\{\\w+\\[[@*]\\]\\}");
    /** The guard around it: expands to nothing when the array has no element, in every bash. */
    private static final Pattern GUARDED = Pattern.compile("\\$\\{(\\w+)\\[([@*])\\]\\+\"?\\$\\{\\1\\[\\2\\]\\}\"?\\}");
    /** A stand-in for java that prints each argument in brackets, one per line. */
    private static final String JAVA = "#!/bin/sh\nfor arg in \"$@\"; do printf '[%s]\\n' \"$arg\"; done\n";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"singularity/build.sh", "test.sh"})
    void everyArrayExpansionIsGuarded(String script) throws IOException {
        List<String> lines = Files.readAllLines(Checkout.file(script), StandardCharsets.UTF_8);
        int expansions = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher all = EXPANSION.matcher(line);
            while (all.find()) {
                expansions++;
            }
            Matcher bare = BARE.matcher(GUARDED.matcher(line).replaceAll(""));
            assertTrue(!bare.find(), script + ":" + (i + 1) + " expands an array unguarded, which bash 4.2 under"
                    + " set -u calls unbound when it is empty - write ${a[@]+\"${a[@]}\"}: " + line.strip());
        }
        assertTrue(expansions > 0, script + " expands no array: this check is looking at the wrong text");
    }

    @Test
    void buildShRunsWithEveryOptionalArrayEmpty() throws IOException {
        Path repo = dir.resolve("repo");
        List<String> files = new ArrayList<>(List.of("singularity/build.sh"));
        RecipesTest.recipes().forEach(recipe -> {
            files.add("singularity/" + recipe.file().getFileName());
            recipe.files().forEach(copy -> files.add(copy.source()));
        });
        Checkout.copy(repo, files);
        // Apptainer 1.1 needs neither --fakeroot nor sudo, and without SUDO_USER the jars need no other user.
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link("bash", "dirname", "basename", "awk", "rm")
                .fakeContainerTool("apptainer", "apptainer version 1.1.0");

        Shell.Result run = Shell.run(repo, Map.of("PATH", bin.path(), "SUDO_USER", ""), TIMEOUT,
                List.of(repo.resolve("singularity/build.sh").toString()));

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("apptainer build --force singularity/job-runtime.simg singularity/job-runtime.def",
                bin.calls().get(0), "no empty argument from the empty arrays: " + bin.calls());
        assertTrue(run.out().contains("build.sh: built singularity/job-runtime.simg "), run.toString());
    }

    @Test
    void testShPreviewRunsWithoutAPort() throws IOException {
        Path repo = dir.resolve("repo");
        Checkout.copy(repo, List.of("test.sh"));
        for (String jar : List.of("launcher/target/job-runtime.jar", "examples/waiter/target/waiter.jar")) {
            Files.createDirectories(repo.resolve(jar).getParent());
            Files.writeString(repo.resolve(jar), "a jar");
        }
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link("bash", "dirname", "rm", "mkdir");
        writeExecutable(dir.resolve("bin/java"), JAVA);

        Shell.Result run = Shell.run(repo, Map.of("PATH", bin.path()), TIMEOUT,
                List.of(repo.resolve("test.sh").toString(), "--preview", "waiter", "3"));

        assertEquals(0, run.exitCode(), run.toString());
        String arguments = String.join("", List.of("[-jar]", "[launcher/target/job-runtime.jar]", "[preview]",
                "[--service-dir]", "[temp_service]", "[--home-dir]", "[temp_home]", "[--scratch-dir]",
                "[temp_scratch]", "[--]", "[java]", "[-jar]", "[examples/waiter/target/waiter.jar]", "[3]"));
        assertTrue(run.out().replace("\n", "").endsWith(arguments), "no empty argument for the port: " + run);
    }

    private static void writeExecutable(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
