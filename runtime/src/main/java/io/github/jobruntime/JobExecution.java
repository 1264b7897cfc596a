package io.github.jobruntime;

import io.github.jobruntime.io.AtomicFile;
import io.github.jobruntime.io.ServiceFolder;
import io.github.jobruntime.notify.MessageDispatcher;
import io.github.jobruntime.notify.NotificationTailer;
import io.github.jobruntime.status.StatusModel;
import io.github.jobruntime.status.StatusReporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job: owns the worker thread, the status reporter, the notification tailer and dispatcher, and
 * the shutdown hook, and makes sure that exactly one final page and result are written, whichever of "the
 * job returned", "the job threw" and "the grace after a stop request ran out" comes first.
 */
final class JobExecution implements JobContext {

    private static final Logger LOG = LoggerFactory.getLogger(JobExecution.class);
    static final String UNSET = "UNSET";
    static final String ABORT = "ABORT";
    /** How much later than rank 0 another MPI rank may start: messages newer than that are for this job. */
    private static final Duration RANK_START_SPREAD = Duration.ofSeconds(30);

    private record StopRequest(JobState state, String reason, Instant deadline) {

        /** The message {@link JobContext#checkAbort()} throws with; a job's own exception says more. */
        String text() {
            return state + ": " + reason;
        }
    }

    private final JobRuntime runtime;
    private final Job job;
    private final StatusModel model;
    private final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
    private final Thread worker;

    private ServiceFolder service;
    private StatusReporter reporter;
    private volatile StopRequest stop;
    private final Object workerLock = new Object();
    /** Set once the job has returned, after which the worker is not interrupted any more. */
    private boolean workerDone;

    JobExecution(JobRuntime runtime, Job job) {
        this.runtime = runtime;
        this.job = job;
        this.model = new StatusModel(runtime.title(), runtime.logLines());
        this.worker = new Thread(this::work, "job-runtime-worker");
        worker.setDaemon(true);
    }

    JobOutcome run() {
        OptionalInt silentRank = runtime.reportingSuppressedForRank();
        service = silentRank.isPresent() ? new ServiceFolder(runtime.serviceDir()) : ServiceFolder.open(runtime.serviceDir());
        MessageDispatcher dispatcher = new MessageDispatcher(handlers(), this::received, runtime.clock());
        NotificationTailer tailer = new NotificationTailer(service.notificationsFile(), runtime.notifyPollInterval(),
                runtime.notifyWatch(), dispatcher::submit);
        // Rank 0, before its first page: no message of this job can be there yet. A rank above 0 may start after
        // rank 0's page is up, so it skips only what is clearly older than itself.
        long stale = tailer.skipExisting(silentRank.isEmpty() ? Instant.MAX
                : ProcessHandle.current().info().startInstant().orElse(Instant.now()).minus(RANK_START_SPREAD));
        if (stale > 0) {
            LOG.warn("{} - {} already holds {} bytes from an earlier run in this folder; skipping them, so that an "
                    + "old ABORT cannot stop this job", runtime.title(), service.notificationsFile(), stale);
        }
        if (silentRank.isPresent()) {
            LOG.info("{} - MPI rank {}: running without writing to {}; only rank 0 reports", runtime.title(),
                    silentRank.getAsInt(), service.dir());
        } else {
            int temps = AtomicFile.removeStaleTempFiles(service.dir());
            if (temps > 0) {
                LOG.info("removed {} temp file(s) left in {} by an earlier run", temps, service.dir());
            }
            writeResult(UNSET);
            model.controls(runtime.controls());
            reporter = new StatusReporter(model, service.statusFile(), runtime.statusInterval(), HostName.get(),
                    JobRuntime.version(), runtime.clock());
            reporter.writeNow();
            reporter.start();
        }
        Thread hook = new Thread(this::cancel, "job-runtime-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            dispatcher.start();
            if (Files.isDirectory(service.dir())) {
                tailer.start();
            } else {
                LOG.info("{} - {} is not there: control messages cannot reach this rank", runtime.title(),
                        service.dir());
            }
            LOG.info("{} - started, reporting to {}", runtime.title(),
                    reporter == null ? "nobody (MPI rank above 0)" : service.dir());
            worker.start();
            return outcome.join();
        } finally {
            removeShutdownHook(hook);
            tailer.close();
            dispatcher.close();
            if (reporter != null) {
                reporter.close();
            }
        }
    }

    private Map<String, MessageDispatcher.Handler> handlers() {
        Map<String, MessageDispatcher.Handler> handlers = new LinkedHashMap<>();
        handlers.put(ABORT, argument -> requestStop(JobState.ABORTED,
                argument.isEmpty() ? "requested by user" : "requested by user: " + argument, runtime.abortGrace()));
        runtime.handlers().forEach((command, handler) -> handlers.put(command, argument -> handler.handle(this, argument)));
        return handlers;
    }

    private void received(MessageDispatcher.Receipt receipt) {
        model.received(receipt.at(), receipt.message(), receipt.outcome().label(), receipt.detail());
    }

    private void work() {
        model.running(runtime.clock().instant());
        wakeReporter();
        if (stop != null) {
            // A stop request that came before this thread was started could not interrupt it. The job still runs,
            // so that it can answer the request in its own words, but it sees the interrupt at once.
            Thread.currentThread().interrupt();
        }
        JobOutcome result;
        try {
            result = returned(job.run(this));
        } catch (Throwable failure) {
            result = failure(failure);
        }
        synchronized (workerLock) {
            workerDone = true;
            // A stop request that came as the job returned must not interrupt the writes of the final result:
            // file channels close themselves on an interrupt.
            Thread.interrupted();
        }
        finish(result);
    }

    /** The shutdown hook: SIGTERM or SIGINT. Blocks until the result is written, as the JVM exits after it. */
    private void cancel() {
        Duration grace = runtime.cancelGrace();
        requestStop(JobState.CANCELLED, TerminationReason.at(runtime.clock().instant(), runtime.environment()), grace);
        try {
            outcome.get(grace.toMillis() + 2_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.error("{} - no final result within the cancel grace: {}", runtime.title(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Asks the job to stop, without waiting: flags it, runs the abort listeners, interrupts the worker and,
     * if the job has not returned after {@code grace}, writes the result anyway. Only the first request counts.
     */
    void requestStop(JobState state, String reason, Duration grace) {
        synchronized (this) {
            if (outcome.isDone()) {
                LOG.info("{} - {} ignored: the job has already ended", runtime.title(), reason);
                return;
            }
            if (stop != null) {
                LOG.info("{} - {} ignored: already stopping ({})", runtime.title(), reason, stop.state());
                return;
            }
            stop = new StopRequest(state, reason, Instant.now().plus(grace));
        }
        LOG.warn("{} - {}: {}; asking the job to stop within {}", runtime.title(), state, reason, seconds(grace));
        model.note(state == JobState.CANCELLED ? "Cancel requested" : "Abort requested", reason,
                runtime.clock().instant());
        wakeReporter();
        for (Runnable listener : runtime.abortListeners()) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("{} - an abort listener failed; stopping anyway", runtime.title(), e);
            }
        }
        synchronized (workerLock) {
            if (!workerDone) {
                worker.interrupt();
            }
        }
        CompletableFuture.delayedExecutor(grace.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            if (!outcome.isDone()) {
                LOG.warn("{} - the job did not return within {} of the stop request; writing the result anyway",
                        runtime.title(), seconds(grace));
                finish(new JobOutcome(state, state + ": " + reason + " (the job did not stop within "
                        + seconds(grace) + ")", exitCode(state)));
            }
        });
    }

    private JobOutcome returned(String text) {
        StopRequest request = stop;
        JobState state = request == null ? JobState.SUCCEEDED : request.state();
        return new JobOutcome(state, text == null ? "" : text, exitCode(state));
    }

    private JobOutcome failure(Throwable failure) {
        StopRequest request = stop;
        if (request != null) {
            LOG.debug("the job ended with {} after the stop request", failure.toString());
            String detail = failure instanceof JobAbortedException && !request.text().equals(failure.getMessage())
                    ? " - " + failure.getMessage() : "";
            return new JobOutcome(request.state(), request.text() + detail, exitCode(request.state()));
        }
        if (failure instanceof JobFailedException failed) {
            LOG.error("{} - the job failed: {}", runtime.title(), firstLine(failed.getMessage()));
            return new JobOutcome(JobState.FAILED, "FAILED: " + failed.getMessage(), failed.exitCode());
        }
        LOG.error("{} - the job failed", runtime.title(), failure);
        String reason = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return new JobOutcome(JobState.FAILED, "FAILED: " + reason, JobRuntime.EXIT_FAILED);
    }

    private int exitCode(JobState state) {
        return switch (state) {
            case SUCCEEDED -> 0;
            case ABORTED -> runtime.abortExitCode();
            case CANCELLED -> JobRuntime.EXIT_CANCELLED;
            default -> JobRuntime.EXIT_FAILED;
        };
    }

    /** Writes the result and the final page once; later calls are ignored. */
    private synchronized void finish(JobOutcome result) {
        if (outcome.isDone()) {
            return;
        }
        model.finish(result.state(), result.result(), runtime.clock().instant());
        if (reporter != null) {
            writeResult(result.result());
            reporter.writeFinal();
        }
        LOG.info("{} - ended {}, exit code {}, result: {}", runtime.title(), result.state(), result.exitCode(),
                firstLine(result.result()));
        outcome.complete(result);
    }

    private void wakeReporter() {
        if (reporter != null) {
            reporter.wake();
        }
    }

    private void writeResult(String text) {
        try {
            AtomicFile.write(service.resultFile(), text.getBytes(StandardCharsets.UTF_8), true);
        } catch (UncheckedIOException e) {
            // The platform would read a stale result; say so loudly, but still end the job properly.
            LOG.error("{} - result lost: {}", runtime.title(), e.getMessage());
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: it waits for the final result itself
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }

    @Override
    public void progress(long done, long total) {
        model.progress(done, total);
    }

    @Override
    public void message(String text) {
        model.message(text);
    }

    @Override
    public void log(String line) {
        System.out.println(line);
        model.log(line);
    }

    @Override
    public void tail(String line) {
        model.log(line);
    }

    @Override
    public void metric(String name, double value) {
        model.metric(name, value, runtime.clock().instant());
    }

    @Override
    public void image(String name, byte[] bytes, String mediaType) {
        model.image(name, bytes, mediaType);
    }

    @Override
    public Path homeDir() {
        return runtime.homeDir();
    }

    @Override
    public Path scratchDir() {
        return runtime.scratchDir();
    }

    @Override
    public Path serviceDir() {
        return runtime.serviceDir();
    }

    @Override
    public boolean isAbortRequested() {
        return stop != null;
    }

    @Override
    public Optional<JobState> stopRequest() {
        StopRequest request = stop;
        return request == null ? Optional.empty() : Optional.of(request.state());
    }

    @Override
    public Optional<Instant> stopDeadline() {
        StopRequest request = stop;
        return request == null ? Optional.empty() : Optional.of(request.deadline());
    }

    @Override
    public void checkAbort() {
        StopRequest request = stop;
        if (request != null) {
            throw new JobAbortedException(request.text());
        }
    }
}
