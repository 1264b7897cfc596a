package io.github.jobruntime.notify;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs control messages at a bounded rate: the first {@link #BURST} of a {@link #WINDOW_NANOS} window one line
 * each, then one summary line per window with a count. Once a window had to count, the next ones count from their
 * first message, until a window passes without a message. A million messages logged one line each made 153 MB of
 * stderr and held ABORT back by 25 s.
 */
final class MessageLog {

    static final int BURST = 10;
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Logger log;
    private final LongSupplier nanos;
    private final String known;

    private final Object lock = new Object();
    private boolean started;
    private long windowStart;
    private int logged;
    /** Whether the last window had to count: then this one counts from its first message. */
    private boolean flooding;
    private long firstCounted;
    private long lastCounted;
    private long unknownCounted;
    private long othersCounted;
    private String lastUnknown = "";

    /**
     * @param log   where the lines go
     * @param nanos a monotonic clock in nanoseconds, {@link System#nanoTime} but in tests
     * @param known the commands that have a handler, as the unknown-command line lists them
     */
    MessageLog(Logger log, LongSupplier nanos, String known) {
        this.log = log;
        this.nanos = nanos;
        this.known = known;
    }

    /** Logs a message with a handler, or counts it. */
    void received(long number, String line) {
        if (admit(number, null)) {
            log.info("notification #{}: {}", number, line);
        }
    }

    /** Logs a message whose command has no handler, or counts it. */
    void unknown(long number, String command) {
        if (admit(number, command)) {
            log.warn("notification #{}: unknown command \"{}\" ignored; known: {}", number, command, known);
        }
    }

    /** Logs the summary of the window if it is over: for a thread that wakes up now and then. */
    void flushIfDue() {
        synchronized (lock) {
            roll(nanos.getAsLong());
        }
    }

    /** Logs the summary of what was counted so far, window over or not: at the end of the job. */
    void flush() {
        synchronized (lock) {
            summarize();
        }
    }

    private boolean admit(long number, String unknownCommand) {
        synchronized (lock) {
            roll(nanos.getAsLong());
            if (!flooding && logged < BURST) {
                logged++;
                return true;
            }
            if (firstCounted == 0) {
                firstCounted = number;
            }
            lastCounted = number;
            if (unknownCommand == null) {
                othersCounted++;
            } else {
                unknownCounted++;
                lastUnknown = unknownCommand;
            }
            return false;
        }
    }

    private void roll(long now) {
        if (started && now - windowStart < WINDOW_NANOS) {
            return;
        }
        flooding = firstCounted != 0;
        summarize();
        started = true;
        windowStart = now;
        logged = 0;
    }

    private void summarize() {
        if (firstCounted == 0) {
            return;
        }
        String range = firstCounted == lastCounted ? "notification #" + firstCounted
                : "notifications #" + firstCounted + " to #" + lastCounted;
        if (unknownCounted > 0) {
            log.warn("{}: {} unknown commands ignored (the last \"{}\"; known: {}) and {} other messages, not logged "
                    + "one by one", range, count(unknownCounted), lastUnknown, known, count(othersCounted));
        } else {
            log.info("{}: {} messages not logged one by one", range, count(othersCounted));
        }
        firstCounted = 0;
        lastCounted = 0;
        unknownCounted = 0;
        othersCounted = 0;
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
