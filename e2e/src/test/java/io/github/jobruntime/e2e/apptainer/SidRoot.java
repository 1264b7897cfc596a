package io.github.jobruntime.e2e.apptainer;

import io.github.jobruntime.testkit.Requirement;
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

/**
 * A real Apptainer, from the Debian sid root that {@code singularity/with-apptainer.sh} makes and enters: the
 * folder given as {@code -Djobruntime.apptainer.root} (or {@code JOB_RUNTIME_APPTAINER_ROOT}); {@code .ci/apptainer}
 * makes it and prints its path. Without one the tests skip, or fail where the build requires Apptainer
 * ({@code -Djobruntime.required=apptainer}).
 */
final class SidRoot {

    static final String TOOL = "apptainer";
    /** The sid root's user who runs jobs, as the platform runs them: not root. */
    static final String JOB_USER = "job";
    static final int JOB_UID = 2000;

    private final Path root;
    private final Path script;

    private SidRoot(Path root, Path script) {
        this.root = root;
        this.script = script;
    }

    /** {@return the sid root, or skips (fails where required) with what is missing and how to make it} */
    static SidRoot require() {
        String given = System.getProperty("jobruntime.apptainer.root", System.getenv("JOB_RUNTIME_APPTAINER_ROOT"));
        Requirement.assume(TOOL, given != null && !given.isBlank(), "no Debian sid root with Apptainer is given:"
                + " .ci/apptainer makes one (about 3 minutes, once) and prints its path - pass it as"
                + " -Djobruntime.apptainer.root=DIR");
        Path root = Path.of(given);
        Requirement.assume(TOOL, Files.isExecutable(root.resolve("usr/bin/apptainer")),
                root + "/usr/bin/apptainer is missing: not a sid root made by singularity/with-apptainer.sh");
        Requirement.assume(TOOL, isRoot(), "entering the sid root takes a mount namespace and pivot_root, so root,"
                + " and these tests run as " + ProcessHandle.current().info().user().orElse("?"));
        return new SidRoot(root, Repository.file("singularity/with-apptainer.sh"));
    }

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell this JVM's user from /proc/self", e);
        }
    }

    /** {@return the folder that holds the sid root: later runs find cached images there too} */
    Path cache() {
        return root.toAbsolutePath().getParent();
    }

    /**
     * {@return the command line that runs {@code command} in the sid root as {@code user}, with {@code binds}
     * visible at the same paths; its process becomes {@code command}'s (every step execs the next)}
     */
    List<String> command(String user, List<Path> binds, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(script.toString(), "--root", root.toString(), "--user", user));
        for (Path bind : binds) {
            argv.add("-B");
            argv.add(bind.toAbsolutePath().toString());
        }
        argv.add("--");
        argv.addAll(command);
        return argv;
    }

    /** Starts {@code command} in the sid root; its output and errors go to {@code log}. */
    Process start(String user, List<Path> binds, Map<String, String> env, Path log, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command(user, binds, command)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + builder.command(), e);
        }
    }

    /** Runs {@code command} in the sid root and returns its exit code and output, failing after {@code limit}. */
    Result run(String user, List<Path> binds, Map<String, String> env, Duration limit, List<String> command) {
        try {
            Path log = Files.createTempFile("apptainer-", ".log");
            try {
                Process process = start(user, binds, env, log, command);
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(command + " still running after " + limit.toSeconds() + " s:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** What a finished command left: its exit code and its output and errors, interleaved. */
    record Result(int exitCode, String output) {
        @Override
        public String toString() {
            return "exit code " + exitCode + "\n" + output;
        }
    }
}
