package io.github.jobruntime.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Receives the numbers of {@code BURST i} lines, checks they come complete and in order, and notes when the
 * last one came. Called on one thread; read the results after that thread has been joined.
 */
final class BurstCounter {

    /** What a burst delivered: {@code lost} never arrived, {@code outOfOrder} arrived but not after their predecessor. */
    record Outcome(int lost, int outOfOrder, long lastNanos) {
    }

    private final int expected;
    private final CountDownLatch complete = new CountDownLatch(1);
    private int delivered;
    private int next;
    private int outOfOrder;
    private long lastNanos;

    BurstCounter(int expected) {
        this.expected = expected;
    }

    /** Receives one line's number, as text. */
    void record(String number) {
        long now = System.nanoTime();
        int index = Integer.parseInt(number);
        if (index != next) {
            outOfOrder++;
        }
        next = index + 1;
        lastNanos = now;
        if (++delivered == expected) {
            complete.countDown();
        }
    }

    /** Receives a whole {@code BURST i} line. */
    void recordLine(String line) {
        record(line.substring(Appender.BURST.length() + 1));
    }

    /** {@return whether all lines arrived within {@code timeout}} */
    boolean await(Duration timeout) throws InterruptedException {
        return complete.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    Outcome outcome() {
        return new Outcome(Math.max(0, expected - delivered), outOfOrder, lastNanos);
    }
}
