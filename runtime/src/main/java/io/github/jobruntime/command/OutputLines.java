package io.github.jobruntime.command;

import io.github.jobruntime.io.LineSplitter;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.PlainText;
import io.github.jobruntime.io.Threads;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;

/**
 * The lines of the command's output streams, on one thread: each stream's {@link OutputPump} queues what it read, as
 * it read it, and this thread cuts it into lines for the stream's parser, as {@link PlainText}, and draws it on the
 * {@link OutputScreen} of the page's log tail. One queue for both streams keeps the tail in the order the output
 * came (a line of stderr printed between two of stdout shows between them), as closely as two pipes read apart
 * allow.
 *
 * <p>The copy never waits for this thread. It parses behind up to {@link #MAX_QUEUED_BYTES} read ahead; output that
 * comes when that much is queued is left out of the parsing and the tail (counted, and reported once), never held
 * back. It lets a burst of output end (for at most {@link #MAX_DELAY_NANOS}) before it starts on it, so that a command
 * printing a lot at once does not share the CPU with the parsing of its own lines.
 */
final class OutputLines {

    private static final Logger LOG = Logs.get(OutputLines.class);
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

    private final List<Stream> streams;
    private final OutputScreen screen;
    private final BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
    private final Semaphore room = new Semaphore(MAX_QUEUED_BYTES);
    private final Thread thread;
    private final AtomicLong unparsed = new AtomicLong();
    private volatile boolean parsingStopped;
    /** This thread only: whether the screen failed once, and was told about. */
    private boolean toldScreenFailed;

    /** What a stream's reader read, or one of the markers, by identity. */
    private static final class Chunk {
        private final Stream stream;
        private final byte[] bytes;

        Chunk(Stream stream, byte[] bytes) {
            this.stream = stream;
            this.bytes = bytes;
        }
    }

    /** One output stream: its reader queues into it, this thread cuts its lines. */
    final class Stream {
        private final String name;
        private final Consumer<String> parser;
        private final OutputScreen.Cursor cursor;
        private final LineSplitter splitter;
        private final AtomicBoolean toldBehind = new AtomicBoolean();
        /** Reader thread only: what to queue before the next chunk, after some were left out; null when none were. */
        private byte[] gap;
        /** Lines thread only: whether it skips to the next line end, after a gap. */
        private boolean skipping;

        private Stream(String name, Consumer<String> parser, OutputScreen.Cursor cursor) {
            this.name = name;
            this.parser = parser;
            this.cursor = cursor;
            this.splitter = new LineSplitter("the command's " + name, this::piece);
        }

        String name() {
            return name;
        }

        /** Queues a copy of what the reader just read, or leaves it out when the parsing is too far behind. */
        void queue(byte[] buffer, int length) {
            if (length == 0) {
                return;
            }
            if (parsingStopped || !room.tryAcquire(length)) {
                leaveOut(lineEnds(buffer, 0, length));
                gap = buffer[length - 1] == '\n' || buffer[length - 1] == '\r' ? GAP_AT_LINE_START : GAP;
                return;
            }
            if (gap != null) {
                chunks.add(new Chunk(this, gap));
                gap = null;
            }
            chunks.add(new Chunk(this, Arrays.copyOf(buffer, length)));
        }

        /** The stream has ended: nothing more comes. */
        void end() {
            if (gap != null) {
                chunks.add(new Chunk(this, gap));
            }
            chunks.add(new Chunk(this, END));
        }

        private void leaveOut(long lines) {
            unparsed.addAndGet(lines);
            if (!parsingStopped && toldBehind.compareAndSet(false, true)) {
                LOG.warn("the parsing of the command's {} is {} MiB behind it: lines are left out of the parsing and "
                        + "the page's log while it catches up (they still pass through), so the page may miss some "
                        + "progress, messages or points; the count is in the log when the command ends - a "
                        + "--progress, --message, --metric or --fact pattern that is slow on long lines makes this "
                        + "likely", name, MAX_QUEUED_BYTES >> 20);
            }
        }

        private void piece(String text, int end) {
            if (parsingStopped) {
                unparsed.addAndGet(text.isBlank() ? 0 : 1);
                return;
            }
            String plain = PlainText.clean(text);
            draw(cursor, text, plain, end);
            if (text.isBlank() || blankOnceClean(text, plain)) {
                return;
            }
            try {
                parser.accept(plain);
            } catch (RuntimeException e) {
                LOG.warn("cannot parse a line of the command's {}: {}", name, e.toString());
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
    }

    private OutputLines(List<String> names, List<Consumer<String>> parsers, OutputScreen screen) {
        this.streams = IntStream.range(0, names.size())
                .mapToObj(i -> new Stream(names.get(i), parsers.get(i), screen.cursor())).toList();
        this.screen = screen;
        this.thread = Threads.daemon("job-runtime-output-lines", this::parse);
    }

    /**
     * {@return the lines of the streams {@code names}, each parsed by its parser in {@code parsers} and drawn on
     * {@code screen}; {@link #start} starts their thread}
     */
    static OutputLines of(List<String> names, List<Consumer<String>> parsers, OutputScreen screen) {
        return new OutputLines(names, parsers, screen);
    }

    /** Starts the named daemon thread of the lines: it runs until every stream ended. */
    OutputLines start() {
        thread.start();
        return this;
    }

    /** {@return the {@code index}th stream, as given to {@link #start}} */
    Stream stream(int index) {
        return streams.get(index);
    }

    /** {@return whether every stream's lines were all parsed or left out, waiting until {@code deadline} at most} */
    boolean awaitParsed(long deadline) {
        return OutputPump.awaitEnd(thread, deadline);
    }

    /** Leaves what is still queued, and what comes from now on, out of the parsing: the run is ending. */
    void stopParsing() {
        parsingStopped = true;
    }

    /** {@return how many lines were left out of the parsing so far} */
    long unparsedLines() {
        return unparsed.get();
    }

    /** The splitter passes no blank line: only one that cleaning changed, e.g. all escape codes, can be blank. */
    @SuppressWarnings("ReferenceEquality") // PlainText.clean returns the very string when it removes nothing
    private static boolean blankOnceClean(String line, String plain) {
        return plain != line && plain.isBlank();
    }

    private void draw(OutputScreen.Cursor cursor, String text, String plain, int end) {
        try {
            cursor.piece(text, plain, end);
        } catch (RuntimeException e) {
            screenFailed(e);
        }
    }

    private void flushScreen() {
        try {
            screen.flush();
        } catch (RuntimeException e) {
            screenFailed(e);
        }
    }

    /** The parsers go on whatever the page's tail does. */
    private void screenFailed(RuntimeException e) {
        if (!toldScreenFailed) {
            toldScreenFailed = true;
            LOG.warn("cannot show a line of the command's output in the page's log tail: {}", e.toString());
        }
    }

    private void parse() {
        int ended = 0;
        try {
            while (ended < streams.size()) {
                Chunk chunk = take();
                awaitQuiet();
                for (; chunk != null && ended < streams.size(); chunk = chunks.poll()) {
                    ended += handle(chunk) ? 1 : 0;
                }
                flushScreen();
            }
        } finally {
            if (!parsingStopped) {
                streams.forEach(stream -> stream.splitter.finish());
            }
            flushScreen();
        }
    }

    /** {@return whether the chunk ends its stream} */
    private boolean handle(Chunk chunk) {
        Stream stream = chunk.stream;
        byte[] bytes = chunk.bytes;
        if (bytes == END) {
            if (!parsingStopped) {
                stream.splitter.finish();
            }
            return true;
        }
        if (bytes == GAP || bytes == GAP_AT_LINE_START) {
            stream.splitter.startFile();
            stream.skipping = bytes == GAP;
            return false;
        }
        if (parsingStopped) {
            unparsed.addAndGet(lineEnds(bytes, 0, bytes.length));
        } else {
            stream.splitter.feed(bytes, stream.skipping ? stream.afterGap(bytes) : 0, bytes.length);
        }
        room.release(bytes.length);
        return false;
    }

    /** {@return how many lines end in the bytes: {@code \n}, {@code \r\n} and a lone {@code \r} (a redraw) each once} */
    static long lineEnds(byte[] bytes, int from, int to) {
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

    private Chunk take() {
        while (true) {
            try {
                return chunks.take();
            } catch (InterruptedException e) {
                // Nothing interrupts this daemon thread on purpose; should something do so, no output may be lost.
            }
        }
    }
}
