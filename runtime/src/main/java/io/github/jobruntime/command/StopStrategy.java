package io.github.jobruntime.command;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.os.ProcessTree;
import io.github.jobruntime.os.Signal;
import io.github.jobruntime.os.StopReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * How a stop request ends the command's whole tree: a signal to all of it ({@code --abort-signal}), or a file the
 * command watches for ({@code --abort-file}). Either way, what still runs at the end gets SIGKILL.
 */
sealed interface StopStrategy {

    /**
     * Stops {@code tree}, with SIGKILL at {@code killAt} for what still runs.
     *
     * @return what was done besides signalling, for the result, and how the tree ended
     */
    Stopped stop(ProcessTree tree, Instant killAt);

    /**
     * A stop as it went.
     *
     * @param how    what the stop did besides signalling, for the result: "" or ending in "; "
     * @param report how the tree ended
     */
    record Stopped(String how, StopReport report) {
    }

    /** Sends {@code signal} to the whole tree. */
    record SendSignal(Signal signal) implements StopStrategy {

        @Override
        public Stopped stop(ProcessTree tree, Instant killAt) {
            return new Stopped("", tree.stop(signal, killAt));
        }
    }

    /**
     * Creates {@code file} for a command that ends cleanly when it appears (e.g. OpenFOAM's {@code abort} function
     * object, which every MPI rank checks at the same time step), then waits for the command; when the file cannot
     * be created, sends {@code otherwise} instead.
     *
     * @param file as given, relative to {@code dir}: the result names it so
     */
    record CreateFile(Path file, Path dir, Signal otherwise) implements StopStrategy {

        private static final Logger LOG = Logs.get(CreateFile.class);

        @Override
        public Stopped stop(ProcessTree tree, Instant killAt) {
            Path created = dir.resolve(file);
            try {
                MessageActions.touch(created);
            } catch (IOException e) {
                LOG.error("cannot create the stop file {} ({}); sending {} instead", created, e.getMessage(),
                        otherwise);
                return new SendSignal(otherwise).stop(tree, killAt);
            }
            LOG.info("created {}: waiting for the command to end by itself, SIGKILL at the end of the grace", created);
            return new Stopped("created " + file + "; ", tree.awaitEnd(killAt));
        }
    }
}
