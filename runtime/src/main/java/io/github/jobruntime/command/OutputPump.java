package io.github.jobruntime.command;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Copies one output stream of the command, byte for byte, to the launcher's own (the platform's log file) and to
 * the {@link OutputTail}, and queues what it reads for its {@link OutputLines}, which parse it and show it on the page.
 * Reading never stops before the end of the stream, whatever fails on the way: a command blocked on a full pipe
 * would hang. The copy never waits for the parsing: what it reads is queued first (in the order it came, the other
 * stream's reads beside it), then passed on.
 */
final class OutputPump implements Runnable {

    private static final Logger LOG = Logs.get(OutputPump.class);
    private static final int CHUNK_BYTES = 64 * 1024;

    private final String name;
    private final InputStream in;
    private final OutputStream passThrough;
    private final OutputTail.Source tail;
    private final OutputLines.Stream lines;
    private final Thread reader;
    /** Whether the reader is in a write to the launcher's own output: an open stream is then not the command's doing. */
    private volatile boolean inWrite;

    private OutputPump(InputStream in, OutputStream passThrough, OutputTail.Source tail, OutputLines.Stream lines) {
        this.name = lines.name();
        this.in = in;
        this.passThrough = passThrough;
        this.tail = tail;
        this.lines = lines;
        this.reader = Threads.daemon("job-runtime-" + name, this);
    }

    /** {@return a pump of the stream {@code lines} names, its named daemon thread started: it runs until it ends} */
    static OutputPump start(InputStream in, OutputStream passThrough, OutputTail.Source tail,
            OutputLines.Stream lines) {
        OutputPump pump = new OutputPump(in, passThrough, tail, lines);
        pump.reader.start();
        return pump;
    }

    String name() {
        return name;
    }

    /** {@return whether the stream ended and all of it was passed through, waiting until {@code deadline} at most} */
    boolean awaitCopied(long deadline) {
        return awaitEnd(reader, deadline);
    }

    /** {@return whether the copy is stuck in a write to the launcher's own output, rather than waiting for more} */
    boolean stuckPassingOn() {
        return inWrite && reader.isAlive();
    }

    @Override
    public void run() {
        byte[] buffer = new byte[CHUNK_BYTES];
        boolean passingOn = true;
        try (in) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                // Queued before the write, which may block: the page gets the two streams in the order they came.
                lines.queue(buffer, read);
                passingOn = passingOn && pass(buffer, read);
                tail.add(buffer, read);
            }
        } catch (IOException e) {
            LOG.warn("cannot read the command's {} any more: {}", name, e.getMessage());
        } finally {
            flush();
            lines.end();
        }
    }

    private boolean pass(byte[] buffer, int length) {
        inWrite = true;
        try {
            passThrough.write(buffer, 0, length);
            // Flush when the command has nothing more for now: whole bursts in one write, no line held back.
            if (in.available() == 0) {
                passThrough.flush();
            }
            return true;
        } catch (IOException e) {
            LOG.warn("cannot pass the command's {} on ({}); parsing it still, no longer copying it", name,
                    e.getMessage());
            return false;
        } finally {
            inWrite = false;
        }
    }

    private void flush() {
        try {
            passThrough.flush();
        } catch (IOException e) {
            LOG.debug("flush of the command's {} failed: {}", name, e.getMessage());
        }
    }

    static boolean awaitEnd(Thread thread, long deadline) {
        boolean interrupted = false;
        try {
            long left;
            while (thread.isAlive() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return !thread.isAlive();
    }
}
