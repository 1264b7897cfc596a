package io.github.jobruntime.run;

import static io.github.jobruntime.run.Settings.ABORT_EXIT_CODE;
import static io.github.jobruntime.run.Settings.ABORT_GRACE;
import static io.github.jobruntime.run.Settings.CANCEL_GRACE;
import static io.github.jobruntime.run.Settings.HOME_DIR;
import static io.github.jobruntime.run.Settings.LOG_LINES;
import static io.github.jobruntime.run.Settings.NOTIFY_POLL_INTERVAL;
import static io.github.jobruntime.run.Settings.NOTIFY_WATCH;
import static io.github.jobruntime.run.Settings.RANK_START_SPREAD;
import static io.github.jobruntime.run.Settings.SCRATCH_DIR;
import static io.github.jobruntime.run.Settings.SERVICE_DIR;
import static io.github.jobruntime.run.Settings.STATUS_INTERVAL;
import static io.github.jobruntime.run.Settings.TITLE;
import static io.github.jobruntime.run.Settings.WALLTIME;

import io.github.jobruntime.Job;
import io.github.jobruntime.JobAbortedException;
import io.github.jobruntime.JobContext;
import io.github.jobruntime.JobFailedException;
import io.github.jobruntime.JobOutcome;
import io.github.jobruntime.JobState;
import io.github.jobruntime.host.HostName;
import io.github.jobruntime.host.ResourceSampler;
import io.github.jobruntime.host.SlurmEndTime;
import io.github.jobruntime.io.Durations;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.ServiceFolder;
import io.github.jobruntime.io.Threads;
import io.github.jobruntime.notify.MessageDispatcher;
import io.github.jobruntime.notify.NotificationTailer;
import io.github.jobruntime.status.StatusModel;
import io.github.jobruntime.status.StatusReporter;
import io.github.jobruntime.status.resources.Resources;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;

/**
 * One run of a job, start to result: the one owner of its life. The run has one state, under one private lock:
 *
 * <pre>
 *   STARTING ─worker starts─► RUNNING ─ABORT or a signal─► STOPPING
 *      └──────────────┴──── the job returns or throws, the grace runs out, or the job calls System.exit ───┐
 *                                                                                                  ENDING ─► ENDED
 * </pre>
 *
 * The tailer (through the dispatcher's {@code ABORT}), the shutdown hook, the stop timer and the worker post events
 * here; only this class decides the outcome, and the first event that ends the run writes the final result and page,
 * once. The parts start in the order of {@link #run}, each registered as it starts, and stop in reverse order within
 * one time budget. The job sees the run through the {@link JobContext} it is given, never through this object.
 */
public final class Run {

    private static final Logger LOG = Logs.get(Run.class);
    /** The built-in message that stops the job. */
    public static final String ABORT = "ABORT";
    /** How long the end waits for handlers still busy with messages that came before it. */
    private static final Duration HANDLER_PATIENCE = Duration.ofMillis(500);
    /** Failed final writes are retried at least this long, even when the grace is already over. */
    private static final Duration LEAST_RETRY = Duration.ofSeconds(1);
    /** What the shutdown hook waits beyond the cancel grace for the final writes. */
    private static final Duration HOOK_MARGIN = Duration.ofSeconds(2);
    /** What stopping all parts may take, after the result is written: a part that takes longer is abandoned. */
    private static final Duration STOP_BUDGET = Duration.ofSeconds(3);

    private enum Phase { STARTING, RUNNING, STOPPING, ENDING, ENDED }

    /**
     * A stop that was asked for.
     *
     * @param deadline      when the result is written regardless, on the runtime's clock (what the job is told)
     * @param deadlineNanos the same moment on {@link System#nanoTime()}, which the timers follow
     * @param grace         from the request to the deadline
     */
    public record Stop(JobState state, String reason, Instant deadline, long deadlineNanos, Duration grace) {

        /** {@return the result's text, and the message {@code checkAbort()} throws with} */
        public String text() {
            return state + ": " + reason;
        }
    }

    /** A started part of the run, stopped at its end with what is left of the budget. */
    private record Part(String name, Stopper stopper) {
    }

    @FunctionalInterface
    private interface Stopper {
        void stop(Duration budget);
    }

    private final RunSettings settings;
    private final StatusModel model;
    private final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
    /** The timer of the grace and of the listeners' patience; its one thread starts with the first stop. */
    private final ScheduledThreadPoolExecutor timer =
            new ScheduledThreadPoolExecutor(1, Threads.named("job-runtime-stop-timer"));
    /** The started parts, in the order of their start; only the thread in {@link #run} touches it. */
    private final Deque<Part> parts = new ArrayDeque<>();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private Phase phase = Phase.STARTING;
    /** Guarded by {@link #lock}: the job is interrupted once per run, and never after it returned. */
    private boolean interrupted;
    /** Guarded by {@link #lock}. */
    private boolean workerDone;
    /** Written under {@link #lock}; read without it by the job's threads. Null while nobody asked for a stop. */
    private volatile Stop stop;

    /** Guarded by {@link #lock}. */
    private Thread worker;
    private volatile Reports reports;
    private volatile MessageDispatcher dispatcher;
    private Instant startedAt;
    /** The end time the batch system gave, or null: it tells a wall-time limit from a cancel. */
    private volatile Instant batchEnd;
    /** Used by the reporter's thread only. */
    private ResourceSampler sampler;

    public Run(RunSettings settings) {
        this.settings = settings;
        this.model = new StatusModel(settings.get(TITLE), settings.get(LOG_LINES));
    }

    /** {@return the page's model, which the job's context writes to} */
    public StatusModel model() {
        return model;
    }

    /** {@return the stop that counts, or null while nobody asked for one} */
    public Stop stop() {
        return stop;
    }

    /**
     * Runs the workload's job to its end and writes the final status page and result.
     *
     * @param context what the job and its message handlers are given
     * @throws io.github.jobruntime.JobConfigurationException when the service folder is unusable or another job
     *                                                         holds it; the job has not run then
     */
    public JobOutcome run(Workload workload, JobContext context) {
        OptionalInt silentRank = settings.reportingSuppressedForRank();
        boolean reporting = silentRank.isEmpty();
        try {
            // The folder first: its lock keeps a second launcher out before anything is written there, and what
            // notifications.txt holds at this moment is not this run's.
            Claim claim = reporting ? Claim.forRun(settings.get(SERVICE_DIR), settings.get(TITLE), HostName.get())
                    : null;
            ServiceFolder service = claim == null ? new ServiceFolder(settings.get(SERVICE_DIR)) : claim.service();
            if (claim != null) {
                started("service folder's lock", budget -> claim.close());
            }
            wallTime(reporting);
            reports = reports(service, silentRank, workload);
            // The hook comes before UNSET: from the moment result.txt exists, a SIGTERM ends in a final result.
            Thread hook;
            try {
                hook = Threads.addShutdownHook("job-runtime-shutdown", this::shutdown);
            } catch (IllegalStateException shuttingDown) {
                LOG.warn("{} - a termination signal came before the job started; nothing written", settings.get(TITLE));
                return new JobOutcome(JobState.CANCELLED, TerminationReason.SIGNAL, ExitCodes.CANCELLED);
            }
            // When the JVM is shutting down, the hook runs and waits for the final result itself.
            started("shutdown hook", budget -> Threads.removeShutdownHook(hook));
            reports.start();
            started("status page", budget -> reports.close());
            dispatcher = new MessageDispatcher(handlers(context), immediateHandlers(), this::received,
                    settings.clock());
            dispatcher.start();
            // One that is stuck is abandoned: it is a daemon, and the end waited for the handlers already.
            started("message handlers", budget -> dispatcher.close(budget.toMillis()));
            startTailer(service, claim);
            if (workload.javaCode()) {
                // A Java job may call System.exit at any moment from its start; a command's launcher does not.
                ExitStatus.listen();
            }
            Thread thread = Threads.daemon("job-runtime-worker", () -> work(workload.job(), context));
            synchronized (lock) {
                worker = thread;
            }
            thread.start();
            LOG.info("{} - started, reporting to {}", settings.get(TITLE), reporting ? service.dir()
                    : "nobody (MPI rank above 0)");
            return outcome.join();
        } catch (RuntimeException startFailed) {
            // A shutdown hook waiting for the result must not wait for one that never comes.
            outcome.completeExceptionally(startFailed);
            throw startFailed;
        } finally {
            stopParts();
        }
    }

    private void started(String name, Stopper stopper) {
        parts.addLast(new Part(name, stopper));
    }

    /** Stops the parts in reverse order of their start, within {@link #STOP_BUDGET}, and the stop timer. */
    private void stopParts() {
        timer.shutdownNow();
        long deadline = System.nanoTime() + STOP_BUDGET.toNanos();
        while (!parts.isEmpty()) {
            Part part = parts.removeLast();
            try {
                part.stopper().stop(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            } catch (RuntimeException e) {
                LOG.warn("{} - stopping the {} failed", settings.get(TITLE), part.name(), e);
            }
        }
    }

    private Reports reports(ServiceFolder service, OptionalInt silentRank, Workload workload) {
        if (silentRank.isPresent()) {
            LOG.info("{} - MPI rank {}: running without writing to {}; only rank 0 reports", settings.get(TITLE),
                    silentRank.getAsInt(), service.dir());
            return Reports.silent(model, settings.clock());
        }
        model.controls(settings.controls());
        model.storage(settings.get(SCRATCH_DIR), settings.get(HOME_DIR));
        sampler = new ResourceSampler(workload.processes());
        StatusReporter reporter = new StatusReporter(model, service.statusFile(), settings.get(STATUS_INTERVAL),
                HostName.get(), RuntimeVersion.get(), settings.template(), settings.clock(),
                () -> model.resources(sampler.sample()));
        return new Reports.Written(settings.get(TITLE), service, model, reporter, settings.clock());
    }

    private void startTailer(ServiceFolder service, Claim claim) {
        NotificationTailer tailer = new NotificationTailer(service.notificationsFile(),
                settings.get(NOTIFY_POLL_INTERVAL), settings.get(NOTIFY_WATCH), dispatcher::submit);
        if (claim != null) {
            tailer.skip(claim.backlog());
            if (claim.backlog().bytes() > 0) {
                LOG.info("{} - {} held {} bytes before this run's first page; skipping them, so that a message sent "
                        + "before this run cannot stop it", settings.get(TITLE), service.notificationsFile(),
                        claim.backlog().bytes());
            }
        } else {
            // A rank above 0 may start after rank 0's page is up: it skips only what is clearly older than itself.
            long stale = tailer.skipExisting(ProcessHandle.current().info().startInstant().orElse(Instant.now())
                    .minus(settings.get(RANK_START_SPREAD)));
            if (stale > 0) {
                LOG.info("{} - {} held {} bytes written before this rank started; skipping them", settings.get(TITLE),
                        service.notificationsFile(), stale);
            }
        }
        if (!Files.isDirectory(service.dir())) {
            LOG.info("{} - {} is not there: control messages cannot reach this rank", settings.get(TITLE),
                    service.dir());
            return;
        }
        tailer.start();
        started("notification tailer", budget -> tailer.close());
    }

    /**
     * The limit given to the runtime wins; else the batch system's end time, when its environment has it, or when
     * {@code reporting}, from squeue: ranks above 0 of an MPI job do not ask the batch system too.
     */
    private void wallTime(boolean reporting) {
        startedAt = settings.clock().instant();
        batchEnd = SlurmEndTime.fromEnvironment(settings.environment()).orElse(null);
        if (settings.get(WALLTIME) != null) {
            model.wallTime(startedAt.plus(settings.get(WALLTIME)), "--walltime");
        } else if (batchEnd != null) {
            model.wallTime(batchEnd, "Slurm");
        }
        if (reporting && SlurmEndTime.asksSqueue(settings.environment())) {
            // Slurm before 23.02 exports no end time, and squeue may take seconds: asked on a thread of its own,
            // neither the job's nor the page's, which must write at once on an ABORT.
            Threads.daemon("job-runtime-squeue", () -> SlurmEndTime.fromSqueue(settings.environment())
                    .ifPresent(end -> {
                        batchEnd = end;
                        if (settings.get(WALLTIME) == null) {
                            model.wallTime(end, "Slurm");
                        }
                    })).start();
        }
    }

    private Map<String, MessageDispatcher.Handler> handlers(JobContext context) {
        Map<String, MessageDispatcher.Handler> handlers = new LinkedHashMap<>();
        settings.handlers().forEach((command, handler) ->
                handlers.put(command, argument -> handler.handle(context, argument)));
        return handlers;
    }

    /** The built-in ABORT, handled ahead of the queue, unless the app replaced it with a handler of its own. */
    private Map<String, MessageDispatcher.Handler> immediateHandlers() {
        if (settings.handlers().containsKey(ABORT)) {
            return Map.of();
        }
        return Map.of(ABORT, argument -> requestStop(JobState.ABORTED,
                argument.isEmpty() ? "requested by user" : "requested by user: " + argument,
                settings.get(ABORT_GRACE)));
    }

    private void received(MessageDispatcher.Receipt receipt) {
        model.received(receipt.at(), receipt.message(), receipt.outcome().label(), receipt.detail());
    }

    // ---- The events of a run, each from its own thread. ----

    /** The worker: runs the job, then ends the run with what it returned or threw. */
    private void work(Job job, JobContext context) {
        model.running(settings.clock().instant());
        reports.wake();
        synchronized (lock) {
            if (phase == Phase.STARTING) {
                phase = Phase.RUNNING;
            }
            if (stop != null) {
                // A stop that came before this thread started could not interrupt it. The job still runs, so that
                // it can answer the stop in its own words, but it sees the interrupt at once.
                interrupted = true;
                Thread.currentThread().interrupt();
            }
        }
        JobOutcome result;
        try {
            result = returned(job.run(context));
        } catch (Throwable failure) {
            result = failure(failure);
        }
        synchronized (lock) {
            workerDone = true;
            // A stop that came as the job returned must not interrupt the final writes: file channels close on it.
            Thread.interrupted();
        }
        end(result, retryUntil());
    }

    /**
     * An {@code ABORT}, from the tailer's thread, or a termination signal, from the shutdown hook: asks the job to
     * stop within {@code grace}, without waiting. A signal during an abort makes it a cancellation with the earlier of
     * the two deadlines; any other later request is ignored, and so is every request once the run is ending.
     */
    private void requestStop(JobState state, String reason, Duration grace) {
        Stop earlier;
        Stop request;
        synchronized (lock) {
            if (phase == Phase.ENDING || phase == Phase.ENDED) {
                LOG.info("{} - {} ignored: the job has already ended", settings.get(TITLE), reason);
                return;
            }
            earlier = stop;
            Instant now = settings.clock().instant();
            long nowNanos = System.nanoTime();
            if (earlier == null) {
                request = new Stop(state, reason, now.plus(grace), nowNanos + grace.toNanos(), grace);
            } else if (state == JobState.CANCELLED && earlier.state() != JobState.CANCELLED) {
                long deadlineNanos = Math.min(earlier.deadlineNanos(), nowNanos + grace.toNanos());
                Duration left = Duration.ofNanos(deadlineNanos - nowNanos);
                request = new Stop(state, reason, now.plus(left), deadlineNanos, left);
            } else {
                LOG.info("{} - {} ignored: already stopping ({})", settings.get(TITLE), reason, earlier.state());
                return;
            }
            stop = request;
            phase = Phase.STOPPING;
        }
        LOG.warn("{} - {}: {}; asking the job to stop within {}", settings.get(TITLE), state, reason,
                Durations.grace(request.grace()));
        model.note(state == JobState.CANCELLED ? "Cancel requested" : "Abort requested", reason,
                settings.clock().instant());
        reports.wake();
        if (earlier != null || settings.abortListeners().isEmpty()) {
            // A termination signal does not wait any longer for the listeners of an abort.
            interruptJob();
        } else {
            runAbortListeners(request.grace());
        }
        // The deadline was fixed above, before any app code could run: the timer thread's start, which costs more
        // than the interrupt, comes after that.
        schedule(this::graceOver, Duration.ofNanos(request.deadlineNanos() - System.nanoTime()));
    }

    /**
     * The app's abort listeners run on a thread of their own, so that one that never returns holds back neither
     * the interrupt of the job (given at the latest halfway through the grace) nor the result at its end.
     */
    private void runAbortListeners(Duration grace) {
        Threads.daemon("job-runtime-abort-listeners", () -> {
            for (Runnable listener : settings.abortListeners()) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} - an abort listener failed; stopping anyway", settings.get(TITLE), e);
                }
            }
            interruptJob();
        }).start();
        Duration patience = grace.dividedBy(2);
        schedule(() -> {
            if (interruptJob()) {
                LOG.warn("{} - an abort listener has not returned after {}; interrupting the job anyway",
                        settings.get(TITLE), Durations.grace(patience));
            }
        }, patience);
    }

    /** {@return whether this call interrupted the job: once per run, and never after it returned} */
    private boolean interruptJob() {
        synchronized (lock) {
            if (interrupted || workerDone) {
                return false;
            }
            interrupted = true;
            if (worker != null) {
                worker.interrupt();
            }
            return true;
        }
    }

    /** The stop timer: the grace is over, and the result is written whether the job returned or not. */
    private void graceOver() {
        Stop request;
        synchronized (lock) {
            if (phase != Phase.STOPPING) {
                return;
            }
            request = stop;
        }
        LOG.warn("{} - the job did not return within {} of the stop request; writing the result anyway",
                settings.get(TITLE), Durations.grace(request.grace()));
        end(new JobOutcome(request.state(), request.text() + " (the job did not stop within "
                + Durations.grace(request.grace()) + ")", exitCode(request.state())), retryUntil());
    }

    /**
     * The shutdown hook: a SIGTERM or SIGINT is a cancellation, and the hook waits for its result, as the JVM exits
     * after it; a {@code System.exit} of the job's own ends the run at once, truthfully, keeping the exit status.
     */
    private void shutdown() {
        ShutdownCause cause = ShutdownCause.find();
        Duration patience;
        if (cause.byCode()) {
            // Another thread may be writing the end already: the JVM halts when this hook returns.
            exited(cause);
            patience = HOOK_MARGIN;
        } else {
            Duration grace = settings.get(CANCEL_GRACE);
            requestStop(JobState.CANCELLED, TerminationReason.at(settings.clock().instant(), batchEnd), grace);
            patience = grace.plus(HOOK_MARGIN);
        }
        try {
            outcome.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error("{} - no final result within {} of the shutdown", settings.get(TITLE), Durations.grace(patience));
        } catch (ExecutionException e) {
            LOG.debug("the job did not start: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Code called {@code System.exit} before the job returned: the JVM is going, and the run ends now. */
    private void exited(ShutdownCause cause) {
        if (outcome.isDone()) {
            return;
        }
        Stop request = stop;
        String what = cause.describe();
        int status = cause.status().orElse(request == null ? ExitCodes.FAILED : exitCode(request.state()));
        JobOutcome result;
        if (request != null) {
            result = new JobOutcome(request.state(), request.text() + " - " + what, status);
        } else if (cause.status().isPresent() && status == 0) {
            result = new JobOutcome(JobState.SUCCEEDED, capitalized(what), 0);
        } else {
            result = new JobOutcome(JobState.FAILED, "FAILED: " + what, status);
        }
        LOG.warn("{} - {}", settings.get(TITLE), what);
        end(result, System.nanoTime() + LEAST_RETRY.toNanos());
    }

    /** Failed final writes are retried until the stop's deadline, or for the cancel grace after a job returned. */
    private long retryUntil() {
        Stop request = stop;
        long now = System.nanoTime();
        return request == null ? now + settings.get(CANCEL_GRACE).toNanos()
                : Math.max(request.deadlineNanos(), now + LEAST_RETRY.toNanos());
    }

    /**
     * Ends the run with {@code result}: the first call writes the result and the final page, later ones are
     * ignored. Waits a little for the handlers of messages that came before, so that their receipts are on the page.
     */
    private void end(JobOutcome result, long retryUntilNanos) {
        synchronized (lock) {
            if (phase == Phase.ENDING || phase == Phase.ENDED) {
                return;
            }
            phase = Phase.ENDING;
        }
        if (dispatcher != null) {
            dispatcher.settle(HANDLER_PATIENCE);
        }
        JobOutcome ended = reports.end(result, retryUntilNanos);
        String shortOfTotal = model.shortOfTotal();
        LOG.info("{} - ended {}{}, exit code {}, {}; result: {}", settings.get(TITLE), ended.state(),
                shortOfTotal.isEmpty() ? "" : " " + shortOfTotal, ended.exitCode(), figures(),
                firstLine(ended.result()));
        synchronized (lock) {
            phase = Phase.ENDED;
        }
        outcome.complete(ended);
    }

    // ---- What the events are made of. ----

    private JobOutcome returned(String text) {
        Stop request = stop;
        JobState state = request == null ? JobState.SUCCEEDED : request.state();
        return new JobOutcome(state, text == null ? "" : text, exitCode(state));
    }

    private JobOutcome failure(Throwable failure) {
        Stop request = stop;
        if (request != null) {
            LOG.debug("the job ended with {} after the stop request", failure.toString());
            String detail = failure instanceof JobAbortedException && !request.text().equals(failure.getMessage())
                    ? " - " + failure.getMessage() : "";
            return new JobOutcome(request.state(), request.text() + detail, exitCode(request.state()));
        }
        if (failure instanceof JobFailedException failed) {
            LOG.error("{} - the job failed: {}", settings.get(TITLE), firstLine(failed.getMessage()));
            return new JobOutcome(JobState.FAILED, "FAILED: " + failed.getMessage(), failed.exitCode());
        }
        LOG.error("{} - the job failed", settings.get(TITLE), failure);
        String reason = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return new JobOutcome(JobState.FAILED, "FAILED: " + reason, ExitCodes.FAILED);
    }

    private int exitCode(JobState state) {
        return switch (state) {
            case SUCCEEDED -> 0;
            case ABORTED -> settings.get(ABORT_EXIT_CODE);
            case CANCELLED -> ExitCodes.CANCELLED;
            default -> ExitCodes.FAILED;
        };
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            // Nobody waits for the future, so a failure is logged here rather than kept in it.
            Future<?> unused = timer.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("{} - the stop timer's task failed", settings.get(TITLE), e);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("{} - stop timer already closed: the run is over", settings.get(TITLE));
        }
    }

    /** The figures of the last resource sample and the wall time, for the log that outlives the page. */
    private String figures() {
        Resources resources = model.resources();
        Instant now = settings.clock().instant();
        String wall = "wall time " + Duration.between(startedAt == null ? now : startedAt, now).toSeconds() + " s";
        return resources == null ? wall : resources.summary() + ", " + wall;
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
