package io.github.jobruntime.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * What was read of a file so far, kept small: its first {@link #HEAD_BYTES} bytes and the {@link #TAIL_BYTES}
 * bytes just before the read position. A file that no longer holds them there was emptied and refilled or
 * rewritten in place, even when it is as long as before or longer, which its size alone cannot tell.
 *
 * <p>Checking costs at most two small positional reads on a channel the caller already has open, so it can run
 * on every look. Not thread-safe: owned by the tailer thread.
 */
final class Fingerprint {

    static final int HEAD_BYTES = 256;
    static final int TAIL_BYTES = 64;

    private final byte[] head = new byte[HEAD_BYTES];
    private int headLength;
    private final byte[] tail = new byte[TAIL_BYTES];
    private int tailLength;
    private final ByteBuffer found = ByteBuffer.allocate(HEAD_BYTES);

    /** Forgets everything: nothing of the file has been read. */
    void reset() {
        headLength = 0;
        tailLength = 0;
    }

    /**
     * Takes note of {@code length} bytes just read at {@code position}, which must be where the previous ones
     * ended.
     */
    void read(byte[] bytes, int length, long position) {
        if (position < HEAD_BYTES) {
            int count = (int) Math.min(length, HEAD_BYTES - position);
            System.arraycopy(bytes, 0, head, (int) position, count);
            headLength = (int) position + count;
        }
        if (length >= TAIL_BYTES) {
            System.arraycopy(bytes, length - TAIL_BYTES, tail, 0, TAIL_BYTES);
            tailLength = TAIL_BYTES;
            return;
        }
        int kept = Math.min(tailLength, TAIL_BYTES - length);
        System.arraycopy(tail, tailLength - kept, tail, 0, kept);
        System.arraycopy(bytes, 0, tail, kept, length);
        tailLength = kept + length;
    }

    /** Takes the fingerprint of the first {@code position} bytes as they are now, without having read them. */
    void take(FileChannel channel, long position) throws IOException {
        reset();
        int headCount = (int) Math.min(position, HEAD_BYTES);
        if (fill(channel, 0, headCount)) {
            read(found.array(), headCount, 0);
        }
        long tailStart = Math.max(headCount, position - TAIL_BYTES);
        int tailCount = (int) (position - tailStart);
        if (tailCount > 0 && fill(channel, tailStart, tailCount)) {
            read(found.array(), tailCount, tailStart);
        }
    }

    /** {@return whether the channel still holds, up to {@code position}, the bytes noted} */
    boolean matches(FileChannel channel, long position) throws IOException {
        if (!fill(channel, 0, headLength) || !same(head, headLength)) {
            return false;
        }
        // Within the first bytes, the head has covered the tail already.
        if (position <= headLength) {
            return true;
        }
        return fill(channel, position - tailLength, tailLength) && same(tail, tailLength);
    }

    /** Reads {@code count} bytes at {@code position} into {@link #found}; false if the file ends before. */
    private boolean fill(FileChannel channel, long position, int count) throws IOException {
        found.clear().limit(count);
        while (found.hasRemaining()) {
            if (channel.read(found, position + found.position()) < 0) {
                return false;
            }
        }
        return true;
    }

    private boolean same(byte[] noted, int length) {
        byte[] now = found.array();
        for (int i = 0; i < length; i++) {
            // A NUL noted is where a network file system showed a hole that another node's write had not filled
            // yet; the line around it was read already, so the hole filling in later is no new file.
            if (noted[i] != now[i] && noted[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
