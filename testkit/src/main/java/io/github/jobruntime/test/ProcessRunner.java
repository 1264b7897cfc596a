package io.github.jobruntime.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A job in a child process whose standard output and error go to one file. */
final class ProcessRunner implements RunningJob.Runner {

    private final Process process;
    private final Path log;

    ProcessRunner(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    @Override
    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public int exitCode() {
        return process.exitValue();
    }

    @Override
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the job's output " + log, e);
        }
    }

    /** {@link Process#destroy()} is SIGTERM on Linux and macOS. */
    @Override
    public void terminate() {
        process.destroy();
    }

    @Override
    public void stop(Duration patience) {
        if (!process.isAlive()) {
            return;
        }
        // The job's own children first: a command under `job-runtime run` may have started a tree.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
