package io.github.jobruntime.preview;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.JobFailedException;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.os.ProcessTree;
import io.github.jobruntime.os.Programs;
import io.github.jobruntime.os.Signal;
import io.github.jobruntime.os.StopReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;

/**
 * A job command the preview runs as the platform would: with the three folders in its environment
 * ({@code JOB_RUNTIME_SERVICE_DIR}, {@code JOB_RUNTIME_HOME_DIR}, {@code JOB_RUNTIME_SCRATCH_DIR}) and its
 * standard output and error passed through.
 */
public final class LaunchedCommand implements AutoCloseable {

    /** How long {@link #close()} lets the command stop after SIGTERM: above the runtime's 15 s cancel grace. */
    static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private static final Logger LOG = Logs.get(LaunchedCommand.class);

    /**
     * How the command ended.
     *
     * @param exitCode the process's exit code
     */
    public record Exit(int exitCode, Instant at) {
    }

    private final List<String> command;
    private final Process process;
    private final ProcessTree tree;
    private final Instant startedAt;
    private final CompletableFuture<Exit> exit;

    private LaunchedCommand(List<String> command, ProcessTree tree, Instant startedAt) {
        this.command = command;
        this.process = tree.process();
        this.tree = tree;
        this.startedAt = startedAt;
        this.exit = process.onExit().thenApply(p -> new Exit(p.exitValue(), Instant.now()));
    }

    /**
     * Starts {@code command} in this process's working folder; its standard input is empty.
     *
     * @throws JobConfigurationException naming the command when it cannot be started
     */
    public static LaunchedCommand start(List<String> command, JobFolders folders) {
        List<String> line = List.copyOf(command);
        if (line.isEmpty()) {
            throw new JobConfigurationException("no command to preview - give it after --, e.g. -- java -jar app.jar 10");
        }
        try {
            Programs.check(line.get(0), Path.of("").toAbsolutePath());
        } catch (JobFailedException e) {
            throw new JobConfigurationException(e.getMessage(), e);
        }
        ProcessBuilder builder = new ProcessBuilder(line)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("JOB_RUNTIME_SERVICE_DIR", folders.service().toString());
        builder.environment().put("JOB_RUNTIME_HOME_DIR", folders.home().toString());
        builder.environment().put("JOB_RUNTIME_SCRATCH_DIR", folders.scratch().toString());
        try {
            ProcessTree tree = ProcessTree.start(builder);
            tree.process().getOutputStream().close();
            return new LaunchedCommand(line, tree, Instant.now());
        } catch (IOException e) {
            throw new JobConfigurationException("cannot start " + String.join(" ", line) + ": " + e.getMessage()
                    + " - check the command's name and that it is executable", e);
        }
    }

    /** {@return the command as one line, for people} */
    public String commandLine() {
        return String.join(" ", command);
    }

    public long pid() {
        return process.pid();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** {@return completes when the command has exited} */
    public CompletableFuture<Exit> exit() {
        return exit.copy();
    }

    /** {@return how the command ended, or empty while it runs} */
    public Optional<Exit> exited() {
        return Optional.ofNullable(exit.getNow(null));
    }

    /**
     * Stops the command and every process it started, as a batch system cancels a job: SIGTERM to the whole tree,
     * then, after {@link #STOP_GRACE}, SIGKILL to what still runs, even when the command itself has ended.
     */
    @Override
    public void close() {
        StopReport report = tree.stop(Signal.TERM, Instant.now().plus(STOP_GRACE));
        if (report.signalled() > 0) {
            LOG.info("{}: {}", commandLine(), report.describe());
        }
    }

    @Override
    public String toString() {
        return commandLine() + " (pid " + pid() + ")";
    }
}
