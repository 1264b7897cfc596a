package io.github.jobruntime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child process of one measured run, its output captured in the run folder. Waiting methods fail with a
 * {@link HarnessException} that shows the command and the end of its stderr.
 */
final class Child implements AutoCloseable {

    /** How often {@link #await} looks: fine enough for millisecond figures, cheap enough on 2 cores. */
    static final long POLL_NANOS = 500_000;

    /** A condition on the files of the run, e.g. "status.html exists". */
    @FunctionalInterface
    interface Check {
        boolean holds() throws IOException;
    }

    private final List<String> command;
    private final RunFolder run;
    private final Process process;
    private final long startedNanos;

    private Child(List<String> command, RunFolder run, Process process, long startedNanos) {
        this.command = command;
        this.run = run;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Starts {@code command} in the run folder, stdout and stderr to files there. */
    static Child start(List<String> command, RunFolder run) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(run.dir().toFile())
                .redirectOutput(run.stdout().toFile())
                .redirectError(run.stderr().toFile());
        long started = System.nanoTime();
        Process process = builder.start();
        return new Child(command, run, process, started);
    }

    /** {@return {@link System#nanoTime()} just before the process was started} */
    long startedNanos() {
        return startedNanos;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Polls {@code check} every 0.5 ms until it holds.
     *
     * @return {@link System#nanoTime()} when it was seen to hold
     * @throws HarnessException when the process ends first or {@code timeout} passes
     */
    long await(String what, Duration timeout, Check check) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (check.holds()) {
                return System.nanoTime();
            }
            if (!process.isAlive()) {
                if (check.holds()) {
                    return System.nanoTime();
                }
                throw failure(what + " - the process ended first with exit code " + process.exitValue());
            }
            if (System.nanoTime() - deadline > 0) {
                throw failure(what + " - not within " + timeout.toMillis() + " ms");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Waits for the process to end with {@code expected}.
     *
     * @return {@link System#nanoTime()} when it was seen to have ended
     */
    long expectExit(int expected, Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw failure("still running after " + timeout.toMillis() + " ms");
        }
        long ended = System.nanoTime();
        if (process.exitValue() != expected) {
            throw failure("exit code " + process.exitValue() + ", expected " + expected);
        }
        return ended;
    }

    /** {@return what the process wrote to stdout so far} */
    String stdout() throws IOException {
        return Files.readString(run.stdout());
    }

    /** Kills the process and its descendants if they still run. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    HarnessException failure(String what) {
        return new HarnessException(what + ": " + String.join(" ", command) + " (in " + run.dir() + ")"
                + stderrTail(run.stderr()));
    }

    private static String stderrTail(Path stderr) {
        try {
            List<String> lines = Files.readAllLines(stderr);
            List<String> tail = lines.subList(Math.max(0, lines.size() - 8), lines.size());
            return tail.isEmpty() ? "" : "\n  stderr: " + String.join("\n          ", tail);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            return "\n  (cannot read " + stderr + ": " + e + ")";
        }
    }
}
