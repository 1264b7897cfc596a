package io.github.jobruntime.command;

import io.github.jobruntime.io.LineSplitter;
import io.github.jobruntime.io.Logs;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Copies one output stream of the command, byte for byte, to the launcher's own (the platform's log file) and to
 * the {@link OutputTail}, and hands each line to the parser as {@link PlainText}: the patterns and the page see what a
 * terminal shows, not its colour codes. Reading never stops before the end of the stream, whatever fails on the way:
 * a command blocked on a full pipe would hang.
 *
 * <p>The copy never waits for the parser. Parsing runs on a second thread, behind up to {@link #MAX_QUEUED_BYTES}
 * read ahead; output that comes when that much is queued is left out of the parsing (counted, and reported once),
 * never held back. The parser lets a burst of output end (for at most {@link #MAX_DELAY_NANOS}) before it starts on
 * it, so that a command printing a lot at once does not share the CPU with the parsing of its own lines.
 */
final class OutputPump implements Runnable {

    private static final Logger LOG = Logs.get(OutputPump.class);
    private static final int CHUNK_BYTES = 64 * 1024;
    /** Output read but not yet parsed, at most; what comes beyond it passes through unparsed. */
    static final int MAX_QUEUED_BYTES = 8 * 1024 * 1024;
    /** How long the command must be silent for a burst to count as ended. */
    private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** The longest a line waits for its burst to end: output that never pauses is parsed as it comes. */
    static final long MAX_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final byte[] END = new byte[0];
    /** Queued before the first chunk after some were left out mid-line: the parser starts again at the next line. */
    private static final byte[] GAP = new byte[0];
    /** Queued before the first chunk after some were left out that ended with a line: it starts a line. */
    private static final byte[] GAP_AT_LINE_START = new byte[0];

    private final String name;
    private final InputStream in;
    private final OutputStream passThrough;
    private final OutputTail.Source tail;
    private final LineSplitter splitter;
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(MAX_QUEUED_BYTES);
    private final Thread reader;
    private final Thread parser;
    private final AtomicLong unparsed = new AtomicLong();
    private final AtomicBoolean toldBehind = new AtomicBoolean();
    /** Whether the reader is in a write to the launcher's own output: an open stream is then not the command's doing. */
    private volatile boolean inWrite;
    private volatile boolean parsingStopped;
    /** Reader thread only: what to queue before the next chunk, after some were left out; null when none were. */
    private byte[] gap;
    /** Parser thread only: whether it skips to the next line end, after a gap. */
    private boolean skipping;

    private OutputPump(String name, InputStream in, OutputStream passThrough, OutputTail.Source tail,
            Consumer<String> lines) {
        this.name = name;
        this.in = in;
        this.passThrough = passThrough;
        this.tail = tail;
        this.splitter = new LineSplitter("the command's " + name, true, line -> {
            if (parsingStopped) {
                unparsed.incrementAndGet();
                return;
            }
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
        this.reader = Threads.daemon("job-runtime-" + name, this);
        this.parser = Threads.daemon("job-runtime-" + name + "-lines", this::parse);
    }

    /** The splitter passes no blank line: only one that cleaning changed, e.g. all escape codes, can be blank. */
    @SuppressWarnings("ReferenceEquality") // PlainText.clean returns the very string when it removes nothing
    private static boolean blankOnceClean(String line, String plain) {
        return plain != line && plain.isBlank();
    }

    /** {@return a pump of the stream {@code name}, its named daemon threads started: they run until it ends} */
    static OutputPump start(String name, InputStream in, OutputStream passThrough, OutputTail.Source tail,
            Consumer<String> lines) {
        OutputPump pump = new OutputPump(name, in, passThrough, tail, lines);
        pump.parser.start();
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

    /** {@return whether the stream's lines were all parsed or left out, waiting until {@code deadline} at most} */
    boolean awaitParsed(long deadline) {
        return awaitEnd(parser, deadline);
    }

    /** {@return whether the copy is stuck in a write to the launcher's own output, rather than waiting for more} */
    boolean stuckPassingOn() {
        return inWrite && reader.isAlive();
    }

    /** Leaves what is still queued, and what comes from now on, out of the parsing: the run is ending. */
    void stopParsing() {
        parsingStopped = true;
    }

    /** {@return how many lines were left out of the parsing so far} */
    long unparsedLines() {
        return unparsed.get();
    }

    @Override
    public void run() {
        byte[] buffer = new byte[CHUNK_BYTES];
        boolean passingOn = true;
        try (in) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                passingOn = passingOn && pass(buffer, read);
                tail.add(buffer, read);
                queue(buffer, read);
            }
        } catch (IOException e) {
            LOG.warn("cannot read the command's {} any more: {}", name, e.getMessage());
        } finally {
            flush();
            if (gap != null) {
                chunks.add(gap);
            }
            chunks.add(END);
        }
    }

    private void queue(byte[] buffer, int length) {
        if (length == 0) {
            return;
        }
        if (parsingStopped || !room.tryAcquire(length)) {
            leaveOut(lineEnds(buffer, 0, length));
            gap = buffer[length - 1] == '\n' || buffer[length - 1] == '\r' ? GAP_AT_LINE_START : GAP;
            return;
        }
        if (gap != null) {
            chunks.add(gap);
            gap = null;
        }
        chunks.add(Arrays.copyOf(buffer, length));
    }

    private void leaveOut(long lines) {
        unparsed.addAndGet(lines);
        if (!parsingStopped && toldBehind.compareAndSet(false, true)) {
            LOG.warn("the parsing of the command's {} is {} MiB behind it: lines are left out of the parsing while it "
                    + "catches up (they still pass through), so the page may miss some progress, messages or points; "
                    + "the count is in the log when the command ends - a --progress, --message, --metric or --fact "
                    + "pattern that is slow on long lines makes this likely", name, MAX_QUEUED_BYTES >> 20);
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
                    if (chunk == GAP || chunk == GAP_AT_LINE_START) {
                        splitter.startFile();
                        skipping = chunk == GAP;
                        continue;
                    }
                    if (parsingStopped) {
                        unparsed.addAndGet(lineEnds(chunk, 0, chunk.length));
                    } else {
                        splitter.feed(chunk, skipping ? afterGap(chunk) : 0, chunk.length);
                    }
                    room.release(chunk.length);
                }
            }
        } finally {
            if (!parsingStopped) {
                splitter.finish();
            }
        }
    }

    /** {@return where the first whole line after a gap starts in {@code chunk}: the line the gap cut is left out} */
    private int afterGap(byte[] chunk) {
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n' || chunk[i] == '\r') {
                skipping = false;
                unparsed.incrementAndGet();
                return i + 1;
            }
        }
        return chunk.length;
    }

    /** {@return how many lines end in the bytes: {@code \n}, {@code \r\n} and a lone {@code \r} (a redraw) each once} */
    private static long lineEnds(byte[] bytes, int from, int to) {
        long count = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == to || bytes[i + 1] != '\n'))) {
                count++;
            }
        }
        return count;
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

    private byte[] take() {
        while (true) {
            try {
                return chunks.take();
            } catch (InterruptedException e) {
                // Nothing interrupts this daemon thread on purpose; should something do so, no output may be lost.
            }
        }
    }

    private static boolean awaitEnd(Thread thread, long deadline) {
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
