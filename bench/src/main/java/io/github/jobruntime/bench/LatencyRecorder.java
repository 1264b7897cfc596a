package io.github.jobruntime.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The handler of {@code PING seq appendNanos} messages: notes how long after its append each one reached
 * it. Called on one thread (the dispatcher's); read the results after that thread has been joined.
 */
final class LatencyRecorder {

    private final long[] latencyNanos;
    private final CountDownLatch pending;

    LatencyRecorder(int expected) {
        latencyNanos = new long[expected];
        Arrays.fill(latencyNanos, -1);
        pending = new CountDownLatch(expected);
    }

    /** Handles the argument {@code seq appendNanos}. */
    void record(String argument) {
        long now = System.nanoTime();
        int space = argument.indexOf(' ');
        int seq = Integer.parseInt(argument, 0, space, 10);
        long appended = Long.parseLong(argument, space + 1, argument.length(), 10);
        if (latencyNanos[seq] < 0) {
            latencyNanos[seq] = now - appended;
            pending.countDown();
        }
    }

    /** {@return whether every expected message arrived within {@code timeout}} */
    boolean await(Duration timeout) throws InterruptedException {
        return pending.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** {@return the latencies of the messages that arrived, in milliseconds} */
    double[] millis() {
        return Arrays.stream(latencyNanos).filter(nanos -> nanos >= 0).mapToDouble(nanos -> nanos / 1e6).toArray();
    }

    /** {@return the latency of the first message, which creates the file and meets cold code, in ms; NaN if lost} */
    double firstMillis() {
        return latencyNanos[0] < 0 ? Double.NaN : latencyNanos[0] / 1e6;
    }

    int missing() {
        return (int) Arrays.stream(latencyNanos).filter(nanos -> nanos < 0).count();
    }
}
