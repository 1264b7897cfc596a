package io.github.jobruntime.notify;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.Threads;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;


/**
 * Follows the platform's notifications file and hands every complete message line, once and in
 * order, to a sink.
 *
 * <p>The platform appends each message plus {@code \n} to the file; the file does not exist at
 * start, and the job may delete, rename, truncate or rewrite it at any time. The tailer watches the
 * parent folder for a quick reaction and also polls, because inotify never sees writes made by another
 * node of a network file system. A poll, or an event saying the file was created, deleted or renamed, opens the
 * path afresh (on NFS, opening is what shows another node's writes); an event saying only that the file was written
 * to reads on from the channel already open on it, which keeps up with a writer appending hundreds of thousands of
 * lines a second, and events about other files wake nothing. Lines are decoded as UTF-8
 * (malformed bytes replaced), {@code \r}, NUL characters and a BOM at the start of a line are removed,
 * blank lines are skipped, and lines longer than 64 KiB are cut with a warning. The sink runs on the tailer's
 * own daemon thread, {@code job-runtime-notify}, one line at a time; it should hand lines off quickly.
 *
 * <pre>{@code
 * try (NotificationTailer tailer = new NotificationTailer(
 *         Path.of("/service/notifications.txt"), Duration.ofMillis(200), true, dispatcher::submit)) {
 *     tailer.start();
 *     job.run();
 * } // close() delivers what was written before it, then stops the thread
 * }</pre>
 */
public final class NotificationTailer implements AutoCloseable {

    static final String THREAD_NAME = "job-runtime-notify";

    private static final Logger LOG = Logs.get(NotificationTailer.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Reads on a write event at most this often. A writer appending line by line sends an event per write; read at
     * each, the thread would take a few lines at a time and, on a 2-core machine, take the CPU from the writer
     * itself (a 100,000-line burst then arrived at 140,000 lines/s, against 270,000 when polled).
     */
    private static final long WRITE_BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Path file;
    private final Path folder;
    private final Duration pollInterval;
    private final long pollNanos;
    private final boolean watch;
    private final Consumer<String> sink;

    private Thread thread;
    private boolean closed;
    private FileIdentity skippedKey;
    private long skippedBytes;
    private volatile boolean stopping;
    private volatile WatchService watchService;

    // Owned by the tailer thread.
    private WatchKey watchKey;
    private FileIdentity watchedFolderKey;
    private String lastCheckFailure;
    private String lastWatchFailure;

    /**
     * Creates a stopped tailer; {@link #start()} starts it.
     *
     * @param file         the notifications file, e.g. {@code /service/notifications.txt}; need not exist
     * @param pollInterval how often to look at the file when no watch event comes; positive
     * @param watch        whether to also watch the folder for events; {@code false} polls only
     * @param sink         receives each message line on the tailer thread; exceptions are logged
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code pollInterval} is not positive or {@code file} has no parent folder
     */
    public NotificationTailer(Path file, Duration pollInterval, boolean watch, Consumer<String> sink) {
        Objects.requireNonNull(file, "file must not be null");
        Objects.requireNonNull(pollInterval, "pollInterval must not be null");
        this.sink = Objects.requireNonNull(sink, "sink must not be null");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, got " + pollInterval
                    + " for " + file + " - the platform default is 200 ms");
        }
        this.file = file.toAbsolutePath();
        this.folder = this.file.getParent();
        if (folder == null) {
            throw new IllegalArgumentException("file must be a file inside a folder, got " + file);
        }
        this.pollInterval = pollInterval;
        this.pollNanos = toNanosSaturated(pollInterval);
        this.watch = watch;
    }

    /**
     * Treats what the file held when the run's first page was written as already read: those messages are not the
     * run's. Call before {@link #start()}.
     */
    public synchronized void skip(Backlog backlog) {
        if (thread != null) {
            throw new IllegalStateException("skip() must come before start() for " + file);
        }
        skippedKey = backlog.key;
        skippedBytes = backlog.bytes;
    }

    /**
     * Treats what the file holds now as already read, if it was last written before {@code writtenBefore}: for an
     * MPI rank above 0, which starts after rank 0's page is up and cannot know when that was. Call before
     * {@link #start()}.
     *
     * @return how many bytes are skipped, 0 when there is no file or it is newer
     */
    public synchronized long skipExisting(Instant writtenBefore) {
        if (thread != null) {
            throw new IllegalStateException("skipExisting() must come before start() for " + file);
        }
        try {
            FileIdentity key = FileFollower.identityOf(file);
            if (key == null || !Files.getLastModifiedTime(file).toInstant().isBefore(writtenBefore)) {
                return 0;
            }
            skippedKey = key;
            skippedBytes = Files.size(file);
            return skippedBytes;
        } catch (IOException e) {
            LOG.warn("{} - cannot tell how much an earlier run left in it ({}); reading it all", file, e.toString());
            return 0;
        }
    }

    /**
     * Starts the daemon thread {@code job-runtime-notify}; it checks the file at once.
     *
     * @throws IllegalStateException if already started or closed
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("cannot start the notification tailer for " + file + ": it is closed");
        }
        if (thread != null) {
            throw new IllegalStateException("the notification tailer for " + file + " is already started");
        }
        if (watch) {
            watchService = newWatchService();
        }
        Thread started = Threads.daemon(THREAD_NAME, this::run);
        thread = started;
        started.start();
    }

    /**
     * Delivers the lines completed before this call, stops the thread (waiting at most 2 s) and
     * releases the folder watch. Does nothing when already closed.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
        }
        stopping = true;
        if (running != null) {
            LockSupport.unpark(running);
        }
        // Also wakes the thread if it is blocked in WatchService.poll.
        closeWatchService();
        if (running == null || running == Thread.currentThread()) {
            return;
        }
        try {
            running.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (running.isAlive()) {
            LOG.warn("{} - thread {} did not stop within {} ms (is the sink blocked?); abandoning it",
                    file, THREAD_NAME, STOP_TIMEOUT.toMillis());
        }
    }

    private void run() {
        LOG.debug("{} - tailing, {}polling every {} ms", file, watch ? "watching the folder and " : "",
                pollInterval.toMillis());
        WatchService events = watchService;
        try (FileFollower follower = new FileFollower(file, this::deliver)) {
            if (skippedKey != null) {
                follower.resumeAt(skippedKey, skippedBytes);
            }
            Wake wake = Wake.POLL;
            long nextPoll = System.nanoTime();
            long lastRead = nextPoll - WRITE_BATCH_NANOS;
            while (true) {
                // Read the flag before checking, so the last check starts after close() was called.
                boolean finalCheck = stopping;
                if (finalCheck || wake == Wake.POLL || wake == Wake.RENAMED) {
                    if (!finalCheck && events != null) {
                        watchFolder(events);
                    }
                    // Right after (re-)registering: covers a file created and appended before the watch existed.
                    check(follower, true);
                    if (wake == Wake.POLL) {
                        nextPoll = System.nanoTime() + pollNanos;
                    }
                } else if (wake == Wake.WRITTEN) {
                    LockSupport.parkNanos(this, lastRead + WRITE_BATCH_NANOS - System.nanoTime());
                    lastRead = System.nanoTime();
                    check(follower, false);
                }
                if (finalCheck) {
                    return;
                }
                if (events == null) {
                    LockSupport.parkNanos(this, pollNanos);
                    wake = Wake.POLL;
                } else {
                    wake = awaitEvents(events, nextPoll);
                    if (wake == null) {
                        events = null;
                        wake = Wake.POLL;
                    }
                }
            }
        } finally {
            LOG.debug("{} - stopped tailing", file);
        }
    }

    /** Why the tailer thread woke up, and so how much it has to look at. */
    private enum Wake {
        /** The poll interval passed: open the path afresh, which NFS needs to show another node's writes. */
        POLL,
        /** The file was created, deleted or renamed, or events were lost: open the path afresh. */
        RENAMED,
        /** The file was written to: read on from the channel already open on it. */
        WRITTEN,
        /** Only other files in the folder changed. */
        OTHER
    }

    private void check(FileFollower follower, boolean reopen) {
        try {
            if (reopen) {
                follower.check();
            } else {
                follower.checkAppended();
            }
            if (lastCheckFailure != null) {
                LOG.info("{} - reading notifications again", file);
                lastCheckFailure = null;
            }
        } catch (IOException e) {
            reportCheckFailure(e.toString(), null);
        } catch (RuntimeException e) {
            reportCheckFailure(e.toString(), e);
        }
    }

    private void reportCheckFailure(String failure, RuntimeException unexpected) {
        // Same failure every tick (e.g. permission denied): say it once, not five times a second.
        if (failure.equals(lastCheckFailure)) {
            LOG.debug("{} - still cannot read notifications: {}", file, failure);
            return;
        }
        lastCheckFailure = failure;
        if (unexpected != null) {
            LOG.warn("{} - cannot read notifications, retrying every {} ms", file, pollInterval.toMillis(),
                    unexpected);
        } else {
            LOG.warn("{} - cannot read notifications, retrying every {} ms: {}", file, pollInterval.toMillis(),
                    failure);
        }
    }

    private void deliver(String line) {
        try {
            sink.accept(line);
        } catch (RuntimeException e) {
            LOG.warn("{} - the notification sink failed on a line of {} chars; going on with the next line",
                    file, line.length(), e);
        }
    }

    /** Registers the folder watch if missing, and drops it if the folder went away or was replaced. */
    private void watchFolder(WatchService events) {
        try {
            FileIdentity folderKey = folderKey();
            // A watch follows the folder's inode, not its path: a folder deleted, or moved away and
            // re-created, needs a new registration, and until then polling is all we have.
            if (watchKey != null && (!watchKey.isValid() || !Objects.equals(folderKey, watchedFolderKey))) {
                watchKey.cancel();
                watchKey = null;
                LOG.debug("{} - lost the watch on {}; polling every {} ms", file, folder, pollInterval.toMillis());
            }
            if (watchKey == null && folderKey != null) {
                watchKey = folder.register(events, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
                watchedFolderKey = folderKey;
                lastWatchFailure = null;
                LOG.debug("{} - watching {}", file, folder);
            }
        } catch (ClosedWatchServiceException e) {
            // close() is under way.
        } catch (IOException | RuntimeException e) {
            String failure = e.toString();
            if (!failure.equals(lastWatchFailure)) {
                lastWatchFailure = failure;
                LOG.warn("{} - cannot watch {} ({}); polling every {} ms", file, folder, failure,
                        pollInterval.toMillis());
            }
        }
    }

    private FileIdentity folderKey() throws IOException {
        try {
            return FileIdentity.of(Files.readAttributes(folder, BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Waits for watch events until {@code nextPoll} ({@link System#nanoTime()}), and says what they were about.
     *
     * @return the most demanding wake-up among the events, {@link Wake#POLL} when none came in time, or null when
     *         the watch service was closed: poll only from then on
     */
    private Wake awaitEvents(WatchService events, long nextPoll) {
        try {
            long wait = nextPoll - System.nanoTime();
            WatchKey key = wait > 0 ? events.poll(wait, TimeUnit.NANOSECONDS) : null;
            if (key == null) {
                return Wake.POLL;
            }
            Wake wake = Wake.OTHER;
            while (key != null) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    Wake about = about(event);
                    if (about.compareTo(wake) < 0) {
                        wake = about;
                    }
                }
                key.reset();
                key = events.poll();
            }
            return wake;
        } catch (ClosedWatchServiceException e) {
            return null;
        } catch (InterruptedException e) {
            // Only close() should stop this thread, and a pending interrupt would make the next
            // FileChannel read close the channel (ClosedByInterruptException): count it as a wake-up.
            return Wake.POLL;
        }
    }

    private Wake about(WatchEvent<?> event) {
        if (event.kind() == OVERFLOW) {
            return Wake.RENAMED;
        }
        if (!file.getFileName().equals(event.context())) {
            return Wake.OTHER;
        }
        return event.kind() == ENTRY_MODIFY ? Wake.WRITTEN : Wake.RENAMED;
    }

    private WatchService newWatchService() {
        try {
            return folder.getFileSystem().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            // E.g. "User limit of inotify instances reached": polling alone still works.
            LOG.warn("{} - cannot watch for changes ({}); polling every {} ms", file, e.toString(),
                    pollInterval.toMillis());
            return null;
        }
    }

    private void closeWatchService() {
        WatchService events = watchService;
        if (events == null) {
            return;
        }
        try {
            events.close();
        } catch (IOException e) {
            LOG.debug("{} - closing the folder watch failed", file, e);
        }
    }

    private static long toNanosSaturated(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
