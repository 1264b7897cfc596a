package io.github.jobruntime.notify;

import io.github.jobruntime.io.LineSplitter;
import io.github.jobruntime.io.Logs;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;
import org.slf4j.Logger;


/**
 * Reads what was appended to one path since the last {@link #check()}, following it across
 * deletion, re-creation, rename-away, rename-over and truncation.
 *
 * <p>State is (identity of the followed file, byte offset, {@link Fingerprint} of what was read). A different
 * identity at the path, or no file, means the followed file is gone: what is still readable from it is drained
 * through the channel kept open on it, then reading starts over at offset 0 of the current file. A file shorter
 * than the offset was truncated, and one that no longer holds the bytes read at their place was emptied and
 * refilled or rewritten in place: start over at 0. Not thread-safe: owned by the tailer thread. Run mode's
 * rules that read a file the command writes follow it with one too ({@code command/FollowedFiles}).
 */
public final class FileFollower implements Closeable {

    private static final Logger LOG = Logs.get(FileFollower.class);
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int OPEN_ATTEMPTS = 3;

    private final Path file;
    private final LineSplitter splitter;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);

    /** The file being read, or null when none is. */
    private FileIdentity followedKey;
    /** Open on the followed file between checks, so that lines appended just before a rename-away are not lost. */
    private FileChannel channel;
    private long offset;
    private final Fingerprint fingerprint = new Fingerprint();
    /** Whether the bytes before the offset were skipped unread, so the fingerprint is still to be taken. */
    private boolean fingerprintToTake;

    /**
     * @param file  the path to follow
     * @param lines receives each complete, non-blank line in order; must not throw
     */
    public FileFollower(Path file, Consumer<String> lines) {
        this.file = file;
        this.splitter = new LineSplitter(file.toString(), false, lines);
    }

    /** Starts reading the file with identity {@code key} at {@code position} instead of at its start. */
    void resumeAt(FileIdentity key, long position) {
        followedKey = key;
        offset = position;
        fingerprintToTake = true;
    }

    /**
     * Delivers every complete line appended to the file already open since the last check, without opening the
     * path again: for a watch event that says the file was written to, and nothing else happened to its name. Does
     * a full {@link #check()} when no file is open yet.
     */
    void checkAppended() throws IOException {
        if (channel == null || fingerprintToTake) {
            check();
            return;
        }
        startOverIfRefilled();
        readToEnd();
    }

    /**
     * Delivers every complete line appended since the last check, opening the path afresh; a no-op when the file is
     * absent.
     */
    public void check() throws IOException {
        Opened current = openCurrent();
        try {
            if (followedKey != null && (current == null || !followedKey.equals(current.key))) {
                drainAndForget(current == null ? "vanished" : "was replaced");
            }
            if (current == null) {
                return;
            }
            if (followedKey == null) {
                followedKey = current.key;
                startOver();
            }
            // Swap in the channel opened just now, even for the same file: on NFS, opening is what
            // revalidates the client's cache (close-to-open consistency); a channel held open can
            // keep showing stale size and data from another node's writes for up to a minute.
            FileChannel previous = channel;
            channel = current.channel;
            current = null;
            closeQuietly(previous);

            if (fingerprintToTake) {
                fingerprintToTake = false;
                fingerprint.take(channel, Math.min(offset, channel.size()));
            }
            startOverIfRefilled();
            readToEnd();
        } finally {
            if (current != null) {
                closeQuietly(current.channel);
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
        channel = null;
    }

    /**
     * Starts over at offset 0 if the file no longer holds what was read: a size below the offset, or other bytes
     * where the fingerprint's were. Needs only the open channel, whether fresh or kept from the last look.
     */
    private void startOverIfRefilled() throws IOException {
        if (offset == 0) {
            return;
        }
        long size = channel.size();
        if (size < offset) {
            LOG.info("{} - shrank from {} to {} bytes (truncated); reading it again from the start",
                    file, offset, size);
        } else if (!fingerprint.matches(channel, offset)) {
            LOG.info("{} - no longer holds the bytes read before offset {} (emptied and refilled, or rewritten "
                    + "in place); reading it again from the start", file, offset);
        } else {
            return;
        }
        warnIfIncompleteLineDropped(startOver());
    }

    /** {@return how many bytes of an incomplete line were forgotten} */
    private long startOver() {
        offset = 0;
        fingerprint.reset();
        fingerprintToTake = false;
        return splitter.startFile();
    }

    private void readToEnd() throws IOException {
        while (true) {
            buffer.clear();
            int read = channel.read(buffer, offset);
            if (read <= 0) {
                return;
            }
            fingerprint.read(buffer.array(), read, offset);
            offset += read;
            splitter.feed(buffer.array(), 0, read);
        }
    }

    private void drainAndForget(String reason) {
        if (channel != null) {
            try {
                readToEnd();
            } catch (IOException e) {
                // Typically ESTALE on NFS after another node deleted it; nothing more to get from it.
                LOG.warn("{} - {}; could not read the rest of the previous file: {}", file, reason, e.toString());
            }
            closeQuietly(channel);
            channel = null;
        }
        LOG.debug("{} - {} after {} bytes; starting over with the next file", file, reason, offset);
        warnIfIncompleteLineDropped(startOver());
        followedKey = null;
    }

    private void warnIfIncompleteLineDropped(long bytes) {
        if (bytes > 0) {
            LOG.warn("{} - the previous content ended with an incomplete line (no newline); dropping its {} bytes",
                    file, bytes);
        }
    }

    /** Opens the file at the path and says which file it is, or returns null when there is none. */
    private Opened openCurrent() throws IOException {
        // The path can be swapped between a stat and an open, and a channel cannot be asked for its
        // file key: identify the opened file by statting before and after, and retry on a mismatch.
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
            FileIdentity before = identityOf(file);
            if (before == null) {
                return null;
            }
            FileChannel opened;
            try {
                opened = FileChannel.open(file, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                continue;
            }
            FileIdentity after;
            try {
                after = identityOf(file);
            } catch (IOException | RuntimeException e) {
                closeQuietly(opened);
                throw e;
            }
            if (before.equals(after)) {
                return new Opened(opened, before);
            }
            closeQuietly(opened);
        }
        throw new IOException(file + " was replaced " + OPEN_ATTEMPTS + " times while being opened");
    }

    /** {@return what tells this file from a later one at the same path, or null when there is none} */
    static FileIdentity identityOf(Path path) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!attributes.isRegularFile()) {
            // Opening a FIFO would block the thread; a folder cannot be read.
            throw new IOException(path + " is not a regular file");
        }
        return FileIdentity.of(attributes);
    }

    private void closeQuietly(FileChannel toClose) {
        if (toClose == null) {
            return;
        }
        try {
            toClose.close();
        } catch (IOException e) {
            LOG.debug("{} - closing a channel failed", file, e);
        }
    }

    private record Opened(FileChannel channel, FileIdentity key) {
    }
}
