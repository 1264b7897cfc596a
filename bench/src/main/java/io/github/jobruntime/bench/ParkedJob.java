package io.github.jobruntime.bench;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.JobRuntime;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real job run by {@link JobRuntime}, with its reporter and tailer threads, that hands out its
 * {@link JobContext} and waits until closed: what a worker calls, with everything around it running.
 */
final class ParkedJob implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<JobContext> context = new CompletableFuture<>();
    private final Thread runner;

    private ParkedJob(Path serviceDir) {
        JobRuntime runtime = JobRuntime.builder()
                .title("bench")
                .serviceDir(serviceDir)
                .homeDir(serviceDir)
                .scratchDir(serviceDir)
                .build();
        runner = new Thread(() -> {
            try {
                runtime.run(ctx -> {
                    context.complete(ctx);
                    release.await();
                    return "released";
                });
            } catch (RuntimeException e) {
                context.completeExceptionally(e);
            }
        }, "bench-parked-job");
        runner.setDaemon(true);
    }

    /** Starts the job in {@code serviceDir} and returns once it runs. */
    static ParkedJob start(Path serviceDir) throws InterruptedException, ExecutionException, TimeoutException {
        ParkedJob job = new ParkedJob(serviceDir);
        job.runner.start();
        job.context.get(30, TimeUnit.SECONDS);
        return job;
    }

    JobContext context() {
        return context.join();
    }

    /** Lets the job return and waits for the runtime to write its final page. */
    @Override
    public void close() {
        release.countDown();
        try {
            runner.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
