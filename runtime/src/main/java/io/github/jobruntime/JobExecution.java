package io.github.jobruntime;

import io.github.jobruntime.io.Durations;
import io.github.jobruntime.io.ServiceFolder;
import io.github.jobruntime.io.Threads;
import io.github.jobruntime.notify.MessageDispatcher;
import io.github.jobruntime.notify.NotificationTailer;
import io.github.jobruntime.process.ProcessSource;
import io.github.jobruntime.process.ResourceSampler;
import io.github.jobruntime.process.SlurmEndTime;
import io.github.jobruntime.status.Resources;
import io.github.jobruntime.status.StatusModel;
import io.github.jobruntime.status.StatusReporter;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job: owns the worker thread, the status reporter, the notification tailer and dispatcher, and
 * the shutdown hook, and makes sure that exactly one final page and result are written, whichever of "the
 * job returned", "the job threw" and "the grace after a stop request ran out" comes first. The stop path itself
 * is the {@link StopController}'s. Locks are private: this object is the job's {@code ctx}.
 */
final class JobExecution implements JobContext {

    private static final Logger LOG = LoggerFactory.getLogger(JobExecution.class);
    static final String ABORT = "ABORT";
    /** How much later than rank 0 another MPI rank may start: messages newer than that are for this job. */
    private static final Duration RANK_START_SPREAD = Duration.ofSeconds(30);
    /** How long the end waits for handlers still busy with messages that came before it. */
    private static final Duration HANDLER_PATIENCE = Duration.ofMillis(500);
    /** Failed final writes are retried at least this long, even when the grace is already over. */
    private static final Duration LEAST_RETRY = Duration.ofSeconds(1);
    /** What the shutdown hook waits beyond the cancel grace for the final writes. */
    private static final Duration HOOK_MARGIN = Duration.ofSeconds(2);

    private final JobRuntime runtime;
    private final Job job;
    private final StatusModel model;
    private final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
    private final Thread worker;
    private final StopController stops;

    private ServiceFolder service;
    private MessageDispatcher dispatcher;
    private Reports reports;
    private Instant startedAt;
    /** The end time the batch system gave, or null: it tells a wall-time limit from a cancel. */
    private volatile Instant batchEnd;
    /** Used by the reporter's thread only. */
    private ResourceSampler sampler;
    private final Object workerLock = new Object();
    /** Set once the job has returned, after which the worker is not interrupted any more. */
    private boolean workerDone;
    /** Set by the one call of {@link #finish} that writes the end; stop requests are ignored from then on. */
    private final AtomicBoolean ending = new AtomicBoolean();

    JobExecution(JobRuntime runtime, Job job) {
        this.runtime = runtime;
        this.job = job;
        this.model = new StatusModel(runtime.title(), runtime.logLines());
        this.worker = Threads.daemon("job-runtime-worker", this::work);
        this.stops = new StopController(runtime.title(), runtime.clock(), runtime.abortListeners(), new StopTarget());
    }

    JobOutcome run() {
        OptionalInt silentRank = runtime.reportingSuppressedForRank();
        service = silentRank.isPresent() ? new ServiceFolder(runtime.serviceDir()) : ServiceFolder.open(runtime.serviceDir());
        dispatcher = new MessageDispatcher(handlers(), immediateHandlers(), this::received, runtime.clock());
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
        wallTime(silentRank.isEmpty());
        if (silentRank.isPresent()) {
            LOG.info("{} - MPI rank {}: running without writing to {}; only rank 0 reports", runtime.title(),
                    silentRank.getAsInt(), service.dir());
            reports = Reports.silent(model, runtime.clock());
        } else {
            model.controls(runtime.controls());
            sampler = new ResourceSampler(job instanceof ProcessSource processes ? processes : ProcessSource.jvm());
            StatusReporter reporter = new StatusReporter(model, service.statusFile(), runtime.statusInterval(),
                    HostName.get(), JobRuntime.version(), runtime.template(), runtime.clock(), this::tick);
            reports = new Reports.Written(runtime.title(), service, model, reporter, runtime.clock(), ending::get,
                    () -> dispatcher.settle(HANDLER_PATIENCE));
        }
        // The hook comes before UNSET: from the moment result.txt exists, a SIGTERM ends in a final result.
        Thread hook;
        try {
            hook = Threads.addShutdownHook("job-runtime-shutdown", this::cancel);
        } catch (IllegalStateException shuttingDown) {
            LOG.warn("{} - a termination signal came before the job started; nothing written", runtime.title());
            return new JobOutcome(JobState.CANCELLED, TerminationReason.SIGNAL, JobRuntime.EXIT_CANCELLED);
        }
        try {
            reports.start();
            dispatcher.start();
            if (Files.isDirectory(service.dir())) {
                tailer.start();
            } else {
                LOG.info("{} - {} is not there: control messages cannot reach this rank", runtime.title(),
                        service.dir());
            }
            LOG.info("{} - started, reporting to {}", runtime.title(),
                    silentRank.isPresent() ? "nobody (MPI rank above 0)" : service.dir());
            worker.start();
            return outcome.join();
        } catch (RuntimeException startFailed) {
            // A shutdown hook waiting for the result must not wait for one that never comes.
            outcome.completeExceptionally(startFailed);
            throw startFailed;
        } finally {
            // When the JVM is shutting down the hook runs, and waits for the final result itself.
            Threads.removeShutdownHook(hook);
            stops.close();
            tailer.close();
            // The end waited for the handlers already; one that is stuck is abandoned, it is a daemon.
            dispatcher.close(HANDLER_PATIENCE.toMillis());
            reports.close();
        }
    }

    /**
     * The limit given to the runtime wins; else the batch system's end time, when its environment has it, or when
     * {@code reporting}, from squeue: ranks above 0 of an MPI job do not ask the batch system too.
     */
    private void wallTime(boolean reporting) {
        startedAt = runtime.clock().instant();
        batchEnd = SlurmEndTime.fromEnvironment(runtime.environment()).orElse(null);
        if (runtime.walltime() != null) {
            model.wallTime(startedAt.plus(runtime.walltime()), "--walltime");
        } else if (batchEnd != null) {
            model.wallTime(batchEnd, "Slurm");
        }
        if (reporting && SlurmEndTime.asksSqueue(runtime.environment())) {
            // Slurm before 23.02 exports no end time, and squeue may take seconds: asked on a thread of its own,
            // neither the job's nor the page's, which must write at once on an ABORT.
            Threads.daemon("job-runtime-squeue", () -> SlurmEndTime.fromSqueue(runtime.environment())
                    .ifPresent(end -> {
                        batchEnd = end;
                        if (runtime.walltime() == null) {
                            model.wallTime(end, "Slurm");
                        }
                    })).start();
        }
    }

    /** On the reporter's thread, before each of its writes: never in the job's threads. */
    private void tick() {
        model.resources(sampler.sample());
    }

    private Map<String, MessageDispatcher.Handler> handlers() {
        Map<String, MessageDispatcher.Handler> handlers = new LinkedHashMap<>();
        runtime.handlers().forEach((command, handler) -> handlers.put(command, argument -> handler.handle(this, argument)));
        return handlers;
    }

    /** The built-in ABORT, handled ahead of the queue, unless the app replaced it with a handler of its own. */
    private Map<String, MessageDispatcher.Handler> immediateHandlers() {
        if (runtime.handlers().containsKey(ABORT)) {
            return Map.of();
        }
        return Map.of(ABORT, argument -> stops.request(JobState.ABORTED,
                argument.isEmpty() ? "requested by user" : "requested by user: " + argument, runtime.abortGrace()));
    }

    private void received(MessageDispatcher.Receipt receipt) {
        model.received(receipt.at(), receipt.message(), receipt.outcome().label(), receipt.detail());
    }

    private void work() {
        model.running(runtime.clock().instant());
        wakeReporter();
        if (stops.current() != null) {
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
        stops.request(JobState.CANCELLED, TerminationReason.at(runtime.clock().instant(), batchEnd), grace);
        try {
            outcome.get(grace.plus(HOOK_MARGIN).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error("{} - no final result within the cancel grace and {} more", runtime.title(),
                    Durations.grace(HOOK_MARGIN));
        } catch (ExecutionException e) {
            LOG.debug("the job did not start: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the {@link StopController} acts on; not {@code this}, whose methods the job could call. */
    private final class StopTarget implements StopController.Target {
        @Override
        public boolean ending() {
            return ending.get();
        }

        @Override
        public void announce(StopController.StopRequest request) {
            model.note(request.state() == JobState.CANCELLED ? "Cancel requested" : "Abort requested",
                    request.reason(), runtime.clock().instant());
            wakeReporter();
        }

        @Override
        public void interruptJob() {
            synchronized (workerLock) {
                if (!workerDone) {
                    worker.interrupt();
                }
            }
        }

        @Override
        public void graceOver(StopController.StopRequest request) {
            if (ending.get()) {
                return;
            }
            LOG.warn("{} - the job did not return within {} of the stop request; writing the result anyway",
                    runtime.title(), Durations.grace(request.grace()));
            finish(new JobOutcome(request.state(), request.text() + " (the job did not stop within "
                    + Durations.grace(request.grace()) + ")", exitCode(request.state())));
        }
    }

    private JobOutcome returned(String text) {
        StopController.StopRequest request = stops.current();
        JobState state = request == null ? JobState.SUCCEEDED : request.state();
        return new JobOutcome(state, text == null ? "" : text, exitCode(state));
    }

    private JobOutcome failure(Throwable failure) {
        StopController.StopRequest request = stops.current();
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

    /**
     * Writes the result and the final page once; later calls are ignored. Failed writes (a full disk) are
     * retried until the grace is over: the stop request's, or the cancel grace after a job that returned.
     */
    private void finish(JobOutcome result) {
        if (!ending.compareAndSet(false, true)) {
            return;
        }
        StopController.StopRequest request = stops.current();
        long now = System.nanoTime();
        long retryUntil = request == null ? now + runtime.cancelGrace().toNanos()
                : Math.max(request.deadlineNanos(), now + LEAST_RETRY.toNanos());
        JobOutcome ended = reports.end(result, retryUntil);
        LOG.info("{} - ended {}, exit code {}, {}; result: {}", runtime.title(), ended.state(), ended.exitCode(),
                figures(), firstLine(ended.result()));
        outcome.complete(ended);
    }

    /** The figures of the last resource sample and the wall time, for the log that outlives the page. */
    private String figures() {
        Resources resources = model.resources();
        Instant now = runtime.clock().instant();
        String wall = "wall time " + Duration.between(startedAt == null ? now : startedAt, now).toSeconds() + " s";
        return resources == null ? wall : resources.summary() + ", " + wall;
    }

    private void wakeReporter() {
        reports.wake();
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
    public void progress(double done, double total) {
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
        return stops.current() != null;
    }

    @Override
    public Optional<JobState> stopRequest() {
        StopController.StopRequest request = stops.current();
        return request == null ? Optional.empty() : Optional.of(request.state());
    }

    @Override
    public Optional<Instant> stopDeadline() {
        StopController.StopRequest request = stops.current();
        return request == null ? Optional.empty() : Optional.of(request.deadline());
    }

    @Override
    public void checkAbort() {
        StopController.StopRequest request = stops.current();
        if (request != null) {
            throw new JobAbortedException(request.text());
        }
    }

    @Override
    public void fact(String name, String value) {
        model.fact(name, value);
    }

    @Override
    public void section(String title, String html) {
        model.section(title, html);
    }
}
