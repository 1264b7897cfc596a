package io.github.jobruntime.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a script or a tool as a real process, its output captured in files, for tests of the build products. */
public final class Shell {

    /** What a finished process left: its exit code and everything it printed. */
    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Shell() {
    }

    /** {@return the java command of the JVM running the tests, for a child JVM of the same version} */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts {@code command} in {@code dir} with {@code env} added to this JVM's environment and returns at once;
     * its stdout and stderr go to {@code log}.
     */
    public static Process start(Path dir, Map<String, String> env, Path log, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * Runs {@code java -jar JAR ARGS...} with this test's JVM, {@code jar} relative to the checkout, in {@code dir}
     * with {@code env} added, failing after a minute.
     */
    static Result javaJar(Path dir, Map<String, String> env, String jar, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", Checkout.file(jar).toString()));
        command.addAll(args);
        return run(dir, env, Duration.ofSeconds(60), command);
    }

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment and waits for it,
     * failing after {@code timeout}.
     */
    static Result run(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("shell-", ".out");
            Path err = Files.createTempFile("shell-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(command + " still running after " + timeout.toSeconds() + " s\n"
                            + new Result(-1, read(out), read(err)));
                }
                return new Result(process.exitValue(), read(out), read(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
