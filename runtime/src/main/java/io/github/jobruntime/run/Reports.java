package io.github.jobruntime.run;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.JobOutcome;
import io.github.jobruntime.io.AtomicFile;
import io.github.jobruntime.io.Durations;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.ServiceFolder;
import io.github.jobruntime.status.StatusModel;
import io.github.jobruntime.status.StatusReporter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * What a run writes to the service folder: {@code UNSET} and the first page at the start, the page while the job
 * runs, the final result and page at the end. An MPI rank above 0 gets {@link #silent}, which writes nothing.
 */
interface Reports extends AutoCloseable {

    /** Writes {@code UNSET} and the first page, unless the end came first, and starts the page's thread. */
    void start();

    /** Re-renders the page at once: the state changed. */
    void wake();

    /**
     * Records the end on the model and writes the final result and page, retrying failed writes until
     * {@code retryUntilNanos} ({@link System#nanoTime()}).
     *
     * @return {@code result}, or the same with exit code {@link ExitCodes#IO_ERROR} when result.txt was lost
     */
    JobOutcome end(JobOutcome result, long retryUntilNanos);

    /** Stops the page's thread. */
    @Override
    void close();

    /** {@return reports that only keep the model, for an MPI rank above 0} */
    static Reports silent(StatusModel model, Clock clock) {
        return new Reports() {
            @Override
            public void start() {
            }

            @Override
            public void wake() {
            }

            @Override
            public JobOutcome end(JobOutcome result, long retryUntilNanos) {
                model.finish(result.state(), result.result(), clock.instant());
                return result;
            }

            @Override
            public void close() {
            }
        };
    }

    /** The reports of rank 0, or of a job outside MPI. */
    final class Written implements Reports {

        private static final Logger LOG = Logs.get(Written.class);
        private static final Duration LONGEST_RETRY_PAUSE = Duration.ofSeconds(1);

        private final String title;
        private final ServiceFolder service;
        private final StatusModel model;
        private final StatusReporter reporter;
        private final Clock clock;
        /** Orders the writes to the service folder: {@code UNSET} and the first page, then the final ones. */
        private final Object writeLock = new Object();
        /** Set under {@link #writeLock} by the end, after which the start writes nothing. */
        private boolean ended;

        Written(String title, ServiceFolder service, StatusModel model, StatusReporter reporter, Clock clock) {
            this.title = title;
            this.service = service;
            this.model = model;
            this.reporter = reporter;
            this.clock = clock;
        }

        @Override
        public void start() {
            writeFirst();
            reporter.start();
        }

        private void writeFirst() {
            synchronized (writeLock) {
                if (ended) {
                    return;
                }
                try {
                    AtomicFile.write(service.resultFile(), ServiceFolder.UNSET.getBytes(StandardCharsets.UTF_8), true);
                } catch (UncheckedIOException e) {
                    throw new JobConfigurationException(e.getMessage() + " - the job needs a writable result.txt; "
                            + "free the service folder or give another one with --service-dir DIR", e);
                }
                reporter.writeNow();
            }
        }

        @Override
        public void wake() {
            reporter.wake();
        }

        @Override
        public JobOutcome end(JobOutcome result, long retryUntilNanos) {
            model.finish(result.state(), result.result(), clock.instant());
            byte[] text = result.result().getBytes(StandardCharsets.UTF_8);
            boolean resultWritten = false;
            boolean pageWritten = false;
            String failure = "";
            Duration pause = Duration.ofMillis(20);
            for (int attempt = 1; ; attempt++) {
                synchronized (writeLock) {
                    ended = true;
                    if (!resultWritten) {
                        try {
                            AtomicFile.write(service.resultFile(), text, true);
                            resultWritten = true;
                        } catch (UncheckedIOException e) {
                            failure = e.getMessage();
                        }
                    }
                    pageWritten = pageWritten || reporter.writeFinal();
                }
                if (resultWritten && pageWritten) {
                    if (attempt > 1) {
                        LOG.info("{} - final result and page written at attempt {}", title, attempt);
                    }
                    return result;
                }
                long left = retryUntilNanos - System.nanoTime();
                if (attempt == 1) {
                    LOG.error("{} - {}; retrying for up to {}", title,
                            resultWritten ? "cannot write the final status page" : failure,
                            Durations.grace(Duration.ofMillis(Math.max(0, left / 1_000_000))));
                }
                if (left <= 0 || !pause(Duration.ofNanos(Math.min(pause.toNanos(), left)))) {
                    break;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY_PAUSE) > 0 ? LONGEST_RETRY_PAUSE
                        : pause.multipliedBy(2);
            }
            if (!resultWritten) {
                LOG.error("{} - result lost: {}; {} keeps its earlier content. The result was:\n{}", title, failure,
                        service.resultFile(), result.result());
                return new JobOutcome(result.state(), result.result(), ExitCodes.IO_ERROR);
            }
            LOG.error("{} - result.txt is final, but the final status page could not be written; the page shows "
                    + "the last one written", title);
            return result;
        }

        @Override
        public void close() {
            reporter.close();
        }

        /** {@return false when interrupted: the retries stop then} */
        private static boolean pause(Duration duration) {
            try {
                Thread.sleep(Math.max(1, duration.toMillis()));
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
