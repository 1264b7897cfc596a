package io.github.jobruntime.io;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import org.slf4j.Logger;

/**
 * Turns bytes fed in arbitrary chunks (a notifications file, a command's output) into lines.
 *
 * <p>Only lines ended by {@code \n} come out (or by {@code \r} too, when asked: progress bars redraw one
 * line with it); an incomplete tail is kept until its end arrives or {@link #finish()} is called.
 * Lines are decoded as UTF-8 with malformed bytes replaced, a BOM at the start of a line is
 * dropped (some writers put one before every message), {@code \r} and NUL characters are removed, blank lines are skipped, and a line longer
 * than {@link #MAX_LINE_BYTES} is cut to that length (the rest is dropped, not buffered).
 * Made with {@link Pieces}, it cuts a command's output for a terminal's view of it instead: at every {@code \r} and
 * {@code \n}, each piece delivered with the byte that ended it, blank ones too.
 * Not thread-safe: owned by the tailer thread.
 */
public final class LineSplitter {

    public static final int MAX_LINE_BYTES = 64 * 1024;
    /** The end of a piece that the end of the output cut, not a line end. */
    public static final int NO_END = -1;

    private static final Logger LOG = Logs.get(LineSplitter.class);

    private final String source;
    private final byte lineEnd;
    private final Pieces pieces;
    private final byte[] pending = new byte[MAX_LINE_BYTES];
    private int pendingLength;
    /** Bytes of the current line seen so far, including dropped ones; more than pendingLength once cut. */
    private long lineLength;

    /** Receives the pieces of output that {@code \r} and {@code \n} end, as a terminal acts on them. */
    @FunctionalInterface
    public interface Pieces {

        /**
         * Takes the next piece of the output, blank or not.
         *
         * @param text the piece, without its end; escape sequences and other controls left in
         * @param end  {@code '\n'} or {@code '\r'}, the byte that ended it, or {@link #NO_END} at the end of the output
         */
        void piece(String text, int end);
    }

    /**
     * @param source                 where the bytes come from, named in log messages
     * @param carriageReturnEndsLine whether {@code \r} ends a line as {@code \n} does
     * @param lines                  receives each complete, non-blank line; must not throw
     */
    public LineSplitter(String source, boolean carriageReturnEndsLine, Consumer<String> lines) {
        this.source = source;
        this.lineEnd = carriageReturnEndsLine ? (byte) '\r' : (byte) '\n';
        this.pieces = (line, end) -> {
            if (!line.isBlank()) {
                lines.accept(line);
            }
        };
    }

    /**
     * @param source where the bytes come from, named in log messages
     * @param pieces receives every piece that {@code \r} or {@code \n} ends, blank ones too; must not throw
     */
    public LineSplitter(String source, Pieces pieces) {
        this.source = source;
        this.lineEnd = '\r';
        this.pieces = pieces;
    }

    /**
     * Forgets the incomplete line, if any: the next bytes start a new file.
     *
     * @return how many bytes of an incomplete line were forgotten
     */
    public long startFile() {
        long forgotten = lineLength;
        pendingLength = 0;
        lineLength = 0;
        return forgotten;
    }

    public void feed(byte[] bytes, int from, int to) {
        int start = from;
        while (start < to) {
            int newline = indexOfNewline(bytes, start, to);
            if (newline < 0) {
                append(bytes, start, to);
                return;
            }
            if (lineLength == 0 && newline - start <= MAX_LINE_BYTES) {
                emit(bytes, start, newline - start, bytes[newline]);
            } else {
                append(bytes, start, newline);
                if (lineLength > pendingLength) {
                    LOG.warn("{} - line of {} bytes is longer than {} bytes; delivering only its first {}",
                            source, lineLength, MAX_LINE_BYTES, pendingLength);
                }
                emit(pending, 0, pendingLength, bytes[newline]);
            }
            pendingLength = 0;
            lineLength = 0;
            start = newline + 1;
        }
    }

    /** Emits the incomplete last line, if any: the source has ended without a final newline. */
    public void finish() {
        if (lineLength > 0) {
            emit(pending, 0, pendingLength, NO_END);
        }
        pendingLength = 0;
        lineLength = 0;
    }

    private int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n' || bytes[i] == lineEnd) {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] bytes, int from, int to) {
        int count = to - from;
        boolean alreadyCut = lineLength > pendingLength;
        lineLength += count;
        if (alreadyCut) {
            return;
        }
        int room = MAX_LINE_BYTES - pendingLength;
        if (count <= room) {
            System.arraycopy(bytes, from, pending, pendingLength, count);
            pendingLength += count;
            return;
        }
        System.arraycopy(bytes, from, pending, pendingLength, room);
        pendingLength = characterBoundary(MAX_LINE_BYTES, bytes[from + room]);
    }

    /** Moves a cut back to the start of a multi-byte character, so the kept part decodes cleanly. */
    private int characterBoundary(int cut, byte firstDropped) {
        if ((firstDropped & 0xC0) != 0x80) {
            return cut;
        }
        for (int i = cut - 1; i >= Math.max(0, cut - 3); i--) {
            if ((pending[i] & 0xC0) == 0xC0) {
                return i;
            }
            if ((pending[i] & 0x80) == 0) {
                return cut;
            }
        }
        return cut;
    }

    private void emit(byte[] bytes, int offset, int length, int end) {
        int from = offset;
        int count = length;
        while (count >= 3 && bytes[from] == (byte) 0xEF && bytes[from + 1] == (byte) 0xBB
                && bytes[from + 2] == (byte) 0xBF) {
            from += 3;
            count -= 3;
        }
        String line = new String(bytes, from, count, StandardCharsets.UTF_8);
        // NUL runs are what an NFS client may show where another node's write has not landed yet;
        // they carry no meaning in a control message, so they go, and a NUL-only line is blank.
        if (line.indexOf('\r') >= 0 || line.indexOf('\0') >= 0) {
            line = line.replace("\r", "").replace("\0", "");
        }
        pieces.piece(line, end);
    }
}
