package io.github.jobruntime.command;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.Threads;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;

/**
 * Writes message lines to the command's standard input on a thread of its own: a command that does not read
 * would otherwise block the dispatcher, and with it every later message, ABORT included.
 */
final class StdinFeeder implements AutoCloseable {

    private static final Logger LOG = Logs.get(StdinFeeder.class);
    private static final int CAPACITY = 1024;

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
    private final OutputStream stdin;
    private final Thread thread;

    StdinFeeder(OutputStream stdin) {
        this.stdin = stdin;
        this.thread = Threads.daemon("job-runtime-stdin", this::feed);
        thread.start();
    }

    /** Queues a line; fails when the command has not read the earlier ones. */
    void send(String line) {
        if (!lines.offer(line)) {
            throw new IllegalStateException("the command is not reading its standard input: " + CAPACITY
                    + " lines are waiting");
        }
    }

    private void feed() {
        try (stdin) {
            while (true) {
                stdin.write((lines.take() + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
        } catch (IOException e) {
            LOG.warn("cannot write to the command's standard input ({}); later messages for it are dropped",
                    e.getMessage());
        } catch (InterruptedException closed) {
            // the command has ended
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
