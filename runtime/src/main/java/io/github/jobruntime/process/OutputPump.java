package io.github.jobruntime.process;

import io.github.jobruntime.io.LineSplitter;
import io.github.jobruntime.io.PlainText;
import io.github.jobruntime.io.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output stream of the command, byte for byte, to the launcher's own (the platform's log file),
 * and hands each line to the parser as {@link PlainText}: the patterns and the page see what a terminal shows,
 * not its colour codes. Reading never stops before the end of the stream, whatever fails on the way: a
 * command blocked on a full pipe would hang.
 *
 * <p>Parsing runs on a second thread, behind up to {@link #MAX_QUEUED_BYTES} read ahead: the command waits for
 * the copy, not for the regular expressions. The parser lets a burst of output end (for at most
 * {@link #MAX_DELAY_NANOS}) before it starts on it, so that a command printing a lot at once does not share the
 * CPU with the parsing of its own lines.
 */
final class OutputPump implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);
    private static final int CHUNK_BYTES = 64 * 1024;
    /** Output read but not yet parsed, at most; a command that outruns the parser by more waits for it. */
    static final int MAX_QUEUED_BYTES = 8 * 1024 * 1024;
    /** How long the command must be silent for a burst to count as ended. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The longest a line waits for its burst to end: output that never pauses is parsed as it comes. */
    static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final byte[] END = new byte[0];

    private final String name;
    private final InputStream in;
    private final OutputStream passThrough;
    private final LineSplitter splitter;
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(MAX_QUEUED_BYTES);
    private final Thread parser;

    private OutputPump(String name, InputStream in, OutputStream passThrough, Consumer<String> lines) {
        this.name = name;
        this.in = in;
        this.passThrough = passThrough;
        this.splitter = new LineSplitter("the command's " + name, true, line -> {
            String plain = PlainText.clean(line);
            if (blankOnceClean(line, plain)) {
                return;
            }
            try {
                lines.accept(plain);
            } catch (RuntimeException e) {
                LOG.warn("cannot parse a line of the command's {}: {}", name, e.toString());
            }
        });
        this.parser = Threads.daemon("job-runtime-" + name + "-lines", this::parse);
    }

    /** The splitter passes no blank line: only one that cleaning changed, e.g. all escape codes, can be blank. */
    @SuppressWarnings("ReferenceEquality") // PlainText.clean returns the very string when it removes nothing
    private static boolean blankOnceClean(String line, String plain) {
        return plain != line && plain.isBlank();
    }

    /**
     * Starts the named daemon threads that pump until the stream ends.
     *
     * @return the thread that reads; it ends once every line has been parsed as well
     */
    static Thread start(String name, InputStream in, OutputStream passThrough, Consumer<String> lines) {
        OutputPump pump = new OutputPump(name, in, passThrough, lines);
        Thread reader = Threads.daemon("job-runtime-" + name, pump);
        pump.parser.start();
        reader.start();
        return reader;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[CHUNK_BYTES];
        boolean passing = true;
        try (in) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                passing = passing && pass(buffer, read);
                room.acquireUninterruptibly(read);
                chunks.add(Arrays.copyOf(buffer, read));
            }
        } catch (IOException e) {
            LOG.warn("cannot read the command's {} any more: {}", name, e.getMessage());
        } finally {
            flush();
            chunks.add(END);
            awaitParser();
        }
    }

    private void parse() {
        try {
            while (true) {
                byte[] chunk = take();
                awaitQuiet();
                for (; chunk != null; chunk = chunks.poll()) {
                    if (chunk == END) {
                        return;
                    }
                    splitter.feed(chunk, 0, chunk.length);
                    room.release(chunk.length);
                }
            }
        } finally {
            splitter.finish();
        }
    }

    /** Waits until no output came for {@link #QUIET_NANOS}, half the room is taken, or {@link #MAX_DELAY_NANOS}. */
    private void awaitQuiet() {
        long deadline = System.nanoTime() + MAX_DELAY_NANOS;
        int seen = -1;
        int queued;
        while ((queued = chunks.size()) != seen && room.availablePermits() > MAX_QUEUED_BYTES / 2
                && System.nanoTime() - deadline < 0) {
            seen = queued;
            LockSupport.parkNanos(QUIET_NANOS);
        }
    }

    private boolean pass(byte[] buffer, int length) {
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
        }
    }

    private void flush() {
        try {
            passThrough.flush();
        } catch (IOException e) {
            LOG.debug("flush of the command's {} failed: {}", name, e.getMessage());
        }
    }

    private byte[] take() {
        while (true) {
            try {
                return chunks.take();
            } catch (InterruptedException e) {
                // Nothing interrupts this daemon thread on purpose; should something do so, no output may be lost.
            }
        }
    }

    private void awaitParser() {
        boolean interrupted = false;
        while (parser.isAlive()) {
            try {
                parser.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
