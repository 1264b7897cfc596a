package io.github.jobruntime;

import io.github.jobruntime.io.AtomicFile;
import io.github.jobruntime.io.ServiceFolder;
import io.github.jobruntime.status.StatusModel;
import io.github.jobruntime.status.StatusReporter;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job: owns the worker thread, the status reporter and the shutdown hook, and makes sure that
 * exactly one final page and result are written, whichever of "the job returned", "the job threw" and "the
 * job was asked to stop" comes first.
 */
final class JobExecution implements JobContext {

    private static final Logger LOG = LoggerFactory.getLogger(JobExecution.class);
    static final String UNSET = "UNSET";

    private record StopRequest(JobState state, String reason) {
    }

    private final JobRuntime runtime;
    private final Job job;
    private final StatusModel model;
    private final CompletableFuture<JobOutcome> outcome = new CompletableFuture<>();
    private final Thread worker;

    private ServiceFolder service;
    private StatusReporter reporter;
    private volatile StopRequest stop;

    JobExecution(JobRuntime runtime, Job job) {
        this.runtime = runtime;
        this.job = job;
        this.model = new StatusModel(runtime.title(), runtime.logLines());
        this.worker = new Thread(this::work, "job-runtime-worker");
        worker.setDaemon(true);
    }

    JobOutcome run() {
        service = ServiceFolder.open(runtime.serviceDir());
        int stale = AtomicFile.removeStaleTempFiles(service.dir());
        if (stale > 0) {
            LOG.info("removed {} temp file(s) left in {} by an earlier run", stale, service.dir());
        }
        writeResult(UNSET);
        reporter = new StatusReporter(model, service.statusFile(), runtime.statusInterval(), hostName(),
                JobRuntime.version(), runtime.clock());
        reporter.writeNow();
        reporter.start();
        Thread hook = new Thread(() -> stop(JobState.CANCELLED,
                "stopped by a termination signal (scancel, wall-time limit or Ctrl-C)", runtime.cancelGrace()),
                "job-runtime-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            LOG.info("{} - started, reporting to {}", runtime.title(), service.dir());
            worker.start();
            return outcome.join();
        } finally {
            removeShutdownHook(hook);
            reporter.close();
        }
    }

    private void work() {
        model.running(runtime.clock().instant());
        reporter.wake();
        String text;
        try {
            text = job.run(this);
        } catch (Throwable failure) {
            finish(failure(failure));
            return;
        }
        finish(returned(text));
    }

    /**
     * Asks the job to stop: flags it, interrupts the worker, waits up to {@code grace} for the job to return,
     * then writes the final result whether it did or not. Only the first request counts.
     */
    void stop(JobState state, String reason, Duration grace) {
        synchronized (this) {
            if (stop != null || outcome.isDone()) {
                return;
            }
            stop = new StopRequest(state, reason);
        }
        LOG.warn("{} - {}: {}; asking the job to stop", runtime.title(), state, reason);
        model.note((state == JobState.CANCELLED ? "Cancel" : "Abort") + " requested: " + reason,
                runtime.clock().instant());
        reporter.wake();
        worker.interrupt();
        try {
            outcome.get(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{} - the job did not return within {} s of the stop request; writing the result anyway",
                    runtime.title(), grace.toSeconds());
            finish(new JobOutcome(state, state + ": " + reason + " (the job did not stop within "
                    + grace.toSeconds() + " s)", exitCode(state)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the outcome is never completed exceptionally", e);
        }
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
            return new JobOutcome(request.state(), request.state() + ": " + request.reason(),
                    exitCode(request.state()));
        }
        LOG.error("{} - the job failed", runtime.title(), failure);
        String reason = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        return new JobOutcome(JobState.FAILED, "FAILED: " + reason, JobRuntime.EXIT_FAILED);
    }

    private static int exitCode(JobState state) {
        return switch (state) {
            case SUCCEEDED, ABORTED -> 0;
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
        writeResult(result.result());
        reporter.writeFinal();
        LOG.info("{} - ended {}, exit code {}, result: {}", runtime.title(), result.state(), result.exitCode(),
                firstLine(result.result()));
        outcome.complete(result);
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
            // the hook is running or has run: it finishes the job itself
        }
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline) + " …";
    }

    private static String hostName() {
        // InetAddress.getLocalHost() may wait for DNS; the kernel's name is what `hostname` prints.
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException | UnsupportedOperationException e) {
                name = "unknown host";
            }
        }
        return name;
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
    public void checkAbort() {
        StopRequest request = stop;
        if (request != null) {
            throw new JobAbortedException(request.state() + ": " + request.reason());
        }
    }
}
