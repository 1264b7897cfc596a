package io.github.jobruntime.test;

import io.github.jobruntime.Job;
import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.JobOutcome;
import io.github.jobruntime.JobRuntime;
import java.time.Duration;

/** A job run by {@link JobRuntime#run} on a daemon thread of the test's JVM. */
final class InProcessRunner implements RunningJob.Runner {

    private final Thread thread;
    private final TestPlatform platform;
    private volatile JobOutcome outcome;
    private volatile RuntimeException failure;

    InProcessRunner(JobRuntime runtime, Job job, String name, TestPlatform platform) {
        this.platform = platform;
        this.thread = new Thread(() -> {
            try {
                outcome = runtime.run(job);
            } catch (RuntimeException e) {
                failure = e;
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** The outcome's exit code; a configuration error (no service folder) counts as the usage error it is. */
    @Override
    public int exitCode() {
        if (thread.isAlive()) {
            throw new IllegalStateException(thread.getName() + " is still running");
        }
        if (failure instanceof JobConfigurationException) {
            return JobRuntime.EXIT_USAGE;
        }
        if (failure != null) {
            throw new AssertionError(thread.getName() + " threw " + failure, failure);
        }
        return outcome.exitCode();
    }

    @Override
    public String output() {
        return "";
    }

    @Override
    public void terminate() {
        throw new UnsupportedOperationException("a job in the test's own JVM cannot get SIGTERM - start it as a child"
                + " process (TestPlatform.startMain or startJar) to test signals");
    }

    /** ABORT, as a person would click it, then an interrupt if the job still runs after the grace. */
    @Override
    public void stop(Duration patience) {
        if (!thread.isAlive()) {
            return;
        }
        platform.send("ABORT");
        try {
            thread.join(patience.toMillis());
            if (thread.isAlive()) {
                thread.interrupt();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
