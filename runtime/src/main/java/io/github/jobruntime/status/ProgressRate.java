package io.github.jobruntime.status;

import java.util.ArrayDeque;

/**
 * The recent rate of progress, from samples the reporter takes at each render: the slope over the last
 * {@link #WINDOW_NANOS}, so a job that speeds up or slows down shows a current rate and a current ETA.
 * Used by the reporter thread only.
 */
final class ProgressRate {

    static final long WINDOW_NANOS = 60_000_000_000L;
    private static final int MAX_SAMPLES = 120;

    private record Sample(long nanos, double done) {
    }

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    /** Adds a sample and returns units per second, or {@code NaN} while too little is known. */
    double update(long nanos, double done) {
        Sample last = samples.peekLast();
        if (last != null && done < last.done()) {
            samples.clear(); // the job restarted its count
        }
        if (last == null || last.done() != done || nanos - last.nanos() > WINDOW_NANOS / MAX_SAMPLES) {
            samples.addLast(new Sample(nanos, done));
        }
        while (samples.size() > MAX_SAMPLES
                || (samples.size() > 2 && nanos - samples.peekFirst().nanos() > WINDOW_NANOS)) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        long elapsed = nanos - first.nanos();
        if (elapsed <= 0 || done == first.done()) {
            return Double.NaN;
        }
        return (done - first.done()) * 1e9 / elapsed;
    }
}
