package io.github.jobruntime.io;

import io.github.jobruntime.JobConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Makes one launcher the only writer of a service folder: an OS lock ({@code fcntl}) on {@code .job-runtime.lock}
 * in the folder, which works on local file systems and NFSv4, and which the kernel drops when its process dies, even
 * of SIGKILL, so that a killed run never blocks the next one. The file holds who locked it, for the refusal of a
 * second launcher. It is never deleted: removing a lock file while another process has it open lets two processes
 * lock two different files of the same name.
 */
public final class ServiceLock implements AutoCloseable {

    static final String NAME = ".job-runtime.lock";

    /**
     * Who holds the lock, as the lock file keeps it.
     *
     * @param startedMillis when it took the lock, in milliseconds since the epoch: formatted only for a refusal, as
     *                      a date format costs milliseconds at every start
     */
    public record Holder(String pid, String host, long startedMillis, String title) {

        String text() {
            return "pid=" + pid + "\nhost=" + host + "\nstarted=" + startedMillis + "\ntitle=" + title + "\n";
        }

        /** {@return the holder written in {@code text}, described for a refusal; what is missing is said so} */
        static String describe(String text) {
            Map<String, String> fields = new HashMap<>();
            text.lines().forEach(line -> {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    fields.put(line.substring(0, equals), line.substring(equals + 1));
                }
            });
            if (!fields.containsKey("pid")) {
                return "a job that has not written its name yet";
            }
            String started;
            try {
                started = Instant.ofEpochMilli(Long.parseLong(fields.getOrDefault("started", ""))).toString();
            } catch (NumberFormatException e) {
                started = "at an unknown time";
            }
            return "\"" + fields.getOrDefault("title", "") + "\", pid " + fields.get("pid") + " on host "
                    + fields.getOrDefault("host", "unknown") + ", started " + started;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private ServiceLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code folder} for this process and writes {@code owner} into the lock file. Where the file system
     * has no locks, returns a lock that {@linkplain #held() is not held}: the run goes on, unguarded.
     *
     * @param holder who takes it, for a second launcher's refusal
     * @throws JobConfigurationException when another job holds the folder, naming it; nothing is written then
     */
    public static ServiceLock take(Path folder, Holder holder) {
        Path file = folder.resolve(NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw ServiceFolder.unwritable(folder, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameProcess) {
            closeQuietly(channel);
            throw inUse(folder, "another run of this same process");
        } catch (IOException | UnsupportedOperationException noLocks) {
            // NFSv3 without its lock daemon, or a mount with nolock, says "No locks available" (ENOLCK).
            return new ServiceLock(file, channel, null);
        }
        if (lock == null) {
            String other = read(file);
            closeQuietly(channel);
            throw inUse(folder, Holder.describe(other));
        }
        try {
            channel.truncate(0);
            ByteBuffer text = ByteBuffer.wrap(holder.text().getBytes(StandardCharsets.UTF_8));
            while (text.hasRemaining()) {
                channel.write(text, text.position());
            }
        } catch (IOException e) {
            // Only the refusal of a second launcher reads it, and says so when it is empty: the lock is what counts.
        }
        return new ServiceLock(file, channel, lock);
    }

    private static JobConfigurationException inUse(Path folder, String holder) {
        return new JobConfigurationException("service folder " + folder + " is in use by another job: " + holder
                + " - one job per service folder: wait for that job to end, or give this one its own folder with "
                + "--service-dir DIR (environment JOB_RUNTIME_SERVICE_DIR)");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** {@return false where the file system has no locks: then nothing keeps a second launcher out} */
    public boolean held() {
        return lock != null;
    }

    /** {@return the lock file, for the log} */
    public Path file() {
        return file;
    }

    /** Releases the lock: the last thing a run does to its folder. */
    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the lock whatever it reports; the kernel drops it with the process at the latest
        }
    }
}
