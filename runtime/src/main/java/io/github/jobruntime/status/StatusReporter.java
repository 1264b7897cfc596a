package io.github.jobruntime.status;

import io.github.jobruntime.StatusTemplate;
import io.github.jobruntime.io.AtomicFile;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.Threads;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;

/**
 * Writes {@code status.html} from a {@link StatusModel} on its own daemon thread: only when the model
 * changed, at most once per interval, and at once after {@link #wake()} (a state change). A failed write is
 * logged and retried on the next tick; the page on disk stays the previous, complete one.
 */
public final class StatusReporter implements AutoCloseable {

    private static final Logger LOG = Logs.get(StatusReporter.class);

    /** Even an unchanged page is rewritten this often, so "Elapsed" and "Last update" show the job is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    private final StatusModel model;
    private final Path target;
    private final long intervalNanos;
    private final long heartbeatNanos;
    private final StatusPage page;
    private final Clock clock;
    private final ProgressRate rate = new ProgressRate();
    private final Runnable tick;
    private boolean tickWarned;

    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition signal = signalLock.newCondition();
    private boolean urgent;
    private boolean closed;

    /** Serialises renders and guards the fields below: the final page must never be overwritten. */
    private final Object writeLock = new Object();
    private StatusSnapshot lastWritten;
    private long lastWriteNanos;
    private boolean sealed;
    private boolean failing;
    private long writes;
    /** Whether the last page showed a time left: it counts down, so the page is rewritten each interval. */
    private boolean counting;

    private final Thread thread;

    /**
     * @param target         the status.html to replace
     * @param interval       the shortest time between two ordinary writes
     * @param runtimeVersion shown in the page footer
     * @param template       the application's page, or {@code null} for the default one
     */
    public StatusReporter(StatusModel model, Path target, Duration interval, String host, String runtimeVersion,
            StatusTemplate template, Clock clock) {
        this(model, target, interval, host, runtimeVersion, template, clock, () -> { });
    }

    /**
     * @param tick runs on the reporter's thread before each write of its own (not before {@link #writeNow()} nor
     *             {@link #writeFinal()}), e.g. to sample the job's resources into the model
     */
    public StatusReporter(StatusModel model, Path target, Duration interval, String host, String runtimeVersion,
            StatusTemplate template, Clock clock, Runnable tick) {
        this(model, target, interval, host, runtimeVersion, template, clock, tick, HEARTBEAT);
    }

    /** @param heartbeat how often an unchanged page is rewritten all the same: {@link #HEARTBEAT}, shorter in tests */
    StatusReporter(StatusModel model, Path target, Duration interval, String host, String runtimeVersion,
            StatusTemplate template, Clock clock, Runnable tick, Duration heartbeat) {
        this.heartbeatNanos = heartbeat.toNanos();
        this.tick = Objects.requireNonNull(tick, "tick");
        this.model = Objects.requireNonNull(model, "model");
        this.target = Objects.requireNonNull(target, "target");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("status interval must be positive, got " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.page = new StatusPage(host, runtimeVersion, template);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = Threads.daemon("job-runtime-status", this::loop);
    }

    /**
     * Renders a page of a job that is starting and drops it: loads and initialises the classes that writing the
     * first page takes (the template, the formats, the logger), for a thread that runs while the command line is
     * still parsed.
     */
    public static void preload() {
        new StatusPage("", "").render(new StatusModel("preload", 0).snapshot(), Instant.now(), 0, Double.NaN);
    }

    public void start() {
        thread.start();
    }

    /** Asks for a write now, e.g. after a state change; returns at once. */
    public void wake() {
        signalLock.lock();
        try {
            urgent = true;
            signal.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    /** Writes the page now, on the calling thread, whatever the throttle says. */
    public void writeNow() {
        write(true, false);
    }

    /**
     * Writes the final page on the calling thread; once it is written, nothing is written after it.
     *
     * @return whether the final page is on disk; when not (a full disk), call again to retry
     */
    public boolean writeFinal() {
        return write(true, true);
    }

    /** {@return how many pages were written so far} */
    long writes() {
        synchronized (writeLock) {
            return writes;
        }
    }

    private void loop() {
        long lastTick = System.nanoTime();
        while (true) {
            signalLock.lock();
            try {
                long remaining;
                while (!urgent && !closed && (remaining = lastTick + intervalNanos - System.nanoTime()) > 0) {
                    signal.awaitNanos(remaining);
                }
                if (closed) {
                    return;
                }
                urgent = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                signalLock.unlock();
            }
            lastTick = System.nanoTime();
            runTick();
            write(false, false);
        }
    }

    private void runTick() {
        try {
            tick.run();
        } catch (RuntimeException e) {
            // Once: the page goes on without what the tick adds, and the job's log stays readable.
            if (!tickWarned) {
                tickWarned = true;
                LOG.warn("cannot update the page's figures ({}); the page goes on without them", e.toString(), e);
            }
        }
    }

    /** {@return false when the write failed} */
    private boolean write(boolean force, boolean seal) {
        synchronized (writeLock) {
            if (sealed) {
                return true;
            }
            long now = System.nanoTime();
            StatusSnapshot snapshot = model.snapshot();
            if (!force && !counting && snapshot.sameContent(lastWritten) && now - lastWriteNanos < heartbeatNanos) {
                return true;
            }
            Instant at = clock.instant();
            long millis = at.toEpochMilli();
            rate.update(millis, snapshot.done());
            double etaSeconds = snapshot.state().isTerminal() ? Double.NaN : rate.etaSeconds(millis, snapshot.total());
            try {
                AtomicFile.write(target, page.render(snapshot, at, rate.perSecond(), etaSeconds), false);
                counting = !Double.isNaN(etaSeconds);
                lastWritten = snapshot;
                lastWriteNanos = now;
                writes++;
                sealed = seal;
                if (failing) {
                    failing = false;
                    LOG.info("status page written again to {}", target);
                }
                return true;
            } catch (UncheckedIOException | gg.jte.TemplateException e) {
                // Logged once per failure streak: a full disk must not flood the job's log every second.
                if (!failing) {
                    failing = true;
                    LOG.warn("{} - the previous page stays in place, retrying on the next tick", e.getMessage());
                } else {
                    LOG.debug("status write still failing: {}", e.getMessage());
                }
                return false;
            }
        }
    }

    /** Stops the thread, waiting at most a second; a final page must have been written before if wanted. */
    @Override
    public void close() {
        signalLock.lock();
        try {
            closed = true;
            signal.signalAll();
        } finally {
            signalLock.unlock();
        }
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("status thread did not stop within 1 s; abandoning it (it is a daemon)");
            }
        }
    }
}
