package io.github.jobruntime.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces files so that a reader on any node sees the old or the new content, never a mix: the bytes go
 * to a temp file in the same folder, which is then renamed over the target.
 */
public final class AtomicFile {

    /** Every temp file this class creates ends with this, so a later run can remove what a kill left. */
    static final String TEMP_SUFFIX = ".job-runtime.tmp";

    /**
     * Tells this process's temp files from those of other processes, on this node or another one sharing the
     * folder. Random rather than the pid, which is the same on two nodes, and whose {@code ProcessHandle} starts
     * the JDK's process reaper: 10 ms before the first page.
     */
    private static final String WRITER = Long.toHexString(new SplittableRandom().nextLong());
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private AtomicFile() {
    }

    /**
     * Writes {@code content} to {@code target} atomically.
     *
     * @param durable also fsync the file and its folder before returning, so the content survives a crash
     * @throws UncheckedIOException naming the target when the write fails; the target is then untouched
     */
    public static void write(Path target, byte[] content, boolean durable) {
        Path temp = tempFor(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                if (durable) {
                    channel.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (durable) {
                forceFolder(target.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write " + target + ": " + describe(e), e);
        }
    }

    /** {@return a name beside {@code target} that no other write, of this process or another, uses} */
    static Path tempFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + WRITER + "-" + SEQUENCE.incrementAndGet()
                + TEMP_SUFFIX);
    }

    /**
     * Removes the temp files that other processes left in {@code folder}. Only for the holder of the folder's
     * {@link ServiceLock}: every writer of a service folder holds it, so the writer of another's temp file is gone.
     *
     * @return how many were removed
     */
    public static int removeStaleTempFiles(Path folder) {
        int removed = 0;
        String own = "." + WRITER + "-";
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(folder, ".*" + TEMP_SUFFIX)) {
            for (Path file : stale) {
                if (!file.getFileName().toString().contains(own) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean stale temp files in " + folder + ": " + describe(e), e);
        }
        return removed;
    }

    /** {@return the most telling text of an I/O error: the JDK puts only the path in some messages} */
    static String describe(IOException e) {
        String reason = e.getClass().getSimpleName();
        String message = e.getMessage();
        return message == null ? reason : reason + " " + message;
    }

    private static void forceFolder(Path folder) {
        // A rename is durable only once the folder entry is on disk; some file systems refuse to
        // open a folder for this, and then the file's own fsync is all we can do.
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort, see above
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the next run's stale-file cleanup removes it
        }
    }
}
