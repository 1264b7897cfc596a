package io.github.jobruntime.command;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A line as a regular expression reads it, under a budget of CPU time: a pattern that backtracks for ever (e.g.
 * {@code (.*a){15}b} on a line of 60 a's) stops with {@link OverBudget} instead of holding its thread. The clock is
 * read once every {@link #READS_PER_LOOK} characters, and the budget counts from the first look: a match that reads
 * fewer characters, as nearly all do, costs a counter and no clock. The budget is the thread's CPU time, not the wall
 * clock, so that a busy machine does not make a fair match look like a runaway one.
 *
 * <p>Not thread-safe: one per parsing thread, {@link #of reset} for each match.
 */
final class TimedText implements CharSequence {

    /** Thrown from {@link #charAt} once the match has used up its budget. */
    static final class OverBudget extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OverBudget(Duration budget) {
            super("no match within " + budget.toMillis() + " ms of CPU time", null, false, false);
        }
    }

    static final int READS_PER_LOOK = 4096;
    private static final long NOT_YET = Long.MIN_VALUE;

    private final Duration budget;
    private final long budgetNanos;
    private final LongSupplier clock;
    private String text = "";
    private int reads;
    private long firstLook = NOT_YET;

    /** @param budget the CPU time one match may take */
    TimedText(Duration budget) {
        this(budget, TimedText::threadCpuNanos);
    }

    TimedText(Duration budget, LongSupplier clock) {
        this.budget = budget;
        this.budgetNanos = budget.toNanos();
        this.clock = clock;
    }

    /** {@return this, holding {@code line} with a fresh budget} */
    TimedText of(String line) {
        text = line;
        return again();
    }

    /** {@return this, with a fresh budget for another match on the same text} */
    TimedText again() {
        reads = 0;
        firstLook = NOT_YET;
        return this;
    }

    Duration budget() {
        return budget;
    }

    @Override
    public char charAt(int index) {
        if (++reads == READS_PER_LOOK) {
            look();
        }
        return text.charAt(index);
    }

    private void look() {
        reads = 0;
        long now = clock.getAsLong();
        if (firstLook == NOT_YET) {
            firstLook = now;
        } else if (now - firstLook > budgetNanos) {
            throw new OverBudget(budget);
        }
    }

    @Override
    public int length() {
        return text.length();
    }

    /** A plain string, as {@link java.util.regex.Matcher#group()} turns it into one anyway. */
    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Where the JVM cannot tell a thread's CPU time, the wall clock is the budget's clock. */
    private static long threadCpuNanos() {
        long cpu = Cpu.THREADS.getCurrentThreadCpuTime();
        return cpu >= 0 ? cpu : System.nanoTime();
    }

    /** Loaded at the first look only: the management classes cost a run's start some milliseconds. */
    private static final class Cpu {
        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    }
}
