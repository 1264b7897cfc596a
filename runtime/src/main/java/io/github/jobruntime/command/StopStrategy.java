package io.github.jobruntime.command;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.os.ProcessTree;
import io.github.jobruntime.os.Signal;
import io.github.jobruntime.os.StopReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * How a stop request ends the command's whole tree: a signal to all of it ({@code --abort-signal}), the command's own
 * process first ({@code --tree-signal-delay}), or a file the command watches for ({@code --abort-file}). Either way,
 * what still runs at the end gets SIGKILL.
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

    /**
     * Sends {@code signal} to the command's own process, and to the rest of the tree once that process has ended or
     * {@code restDelay} after, whichever comes first: a wrapper script that traps the signal gets to finish its
     * clean-up. A zero delay signals the whole tree at once.
     */
    record SendSignal(Signal signal, Duration restDelay) implements StopStrategy {

        public SendSignal {
            Objects.requireNonNull(signal, "signal");
            if (restDelay.isNegative()) {
                throw new IllegalArgumentException("a negative delay for the rest of the tree: " + restDelay);
            }
        }

        /** Sends {@code signal} to the whole tree at once. */
        SendSignal(Signal signal) {
            this(signal, Duration.ZERO);
        }

        @Override
        public Stopped stop(ProcessTree tree, Instant killAt) {
            return new Stopped("", tree.stop(signal, restDelay, killAt));
        }
    }

    /**
     * Creates {@code file} for a command that ends cleanly when it appears (e.g. OpenFOAM's {@code abort} function
     * object, which every MPI rank checks at the same time step), then waits for the command; when the file cannot
     * be created, stops as {@code otherwise} does.
     *
     * @param file as given, relative to {@code dir}: the result names it so
     */
    record CreateFile(Path file, Path dir, SendSignal otherwise) implements StopStrategy {

        /** A stop file that, when it cannot be created, sends {@code otherwise} to the whole tree at once. */
        CreateFile(Path file, Path dir, Signal otherwise) {
            this(file, dir, new SendSignal(otherwise));
        }

        private static final Logger LOG = Logs.get(CreateFile.class);

        @Override
        public Stopped stop(ProcessTree tree, Instant killAt) {
            Path created = dir.resolve(file);
            try {
                MessageActions.touch(created);
            } catch (IOException e) {
                LOG.error("cannot create the stop file {} ({}); sending {} instead", created, e.getMessage(),
                        otherwise.signal());
                return otherwise.stop(tree, killAt);
            }
            LOG.info("created {}: waiting for the command to end by itself, SIGKILL at the end of the grace", created);
            return new Stopped("created " + file + "; ", tree.awaitEnd(killAt));
        }
    }
}
