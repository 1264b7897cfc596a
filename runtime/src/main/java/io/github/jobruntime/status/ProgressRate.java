package io.github.jobruntime.status;

import java.util.ArrayDeque;

/**
 * The recent rate of progress and the time left, from the samples the reporter takes at each render. Used by the
 * reporter thread only, so that the job's {@code progress} call stays two stores.
 * <ul>
 * <li><b>The first value is the baseline.</b> The value the reporter sees first (0 before anything is reported) is
 * no progress, and neither is the jump to the first value reported: a run resumed from a checkpoint at step 4,960,
 * or a download resumed at 50 %, made none of that since it started. The rate is known from the second value
 * reported on.</li>
 * <li><b>The rate is the slope between values reported</b>, over about the last {@link #WINDOW_MILLIS} and never
 * fewer than the last two: a job that speeds up shows its current rate, and one that reports an epoch every 75 s
 * keeps the rate of its last epoch between two reports, rather than a rate that sinks until the next.</li>
 * <li><b>The time left counts down between reports</b>, from the last value at the last rate, but no further than
 * the value the next report should bring: a job that stalls shows the time left stopped there, not 0.</li>
 * </ul>
 */
final class ProgressRate {

    static final long WINDOW_MILLIS = 60_000;
    /** Samples closer than this to the one before replace the last one: at most about 120 in a window. */
    private static final long SPACING_MILLIS = WINDOW_MILLIS / 120;

    private record Sample(long millis, double done) {
    }

    /** The values reported since the baseline, each when the reporter first saw it; the first is the baseline. */
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private boolean seen;
    private double initial;
    /** How far the last report moved, at most as far as the time left may count down without a new one. */
    private double lastStep;
    private double perSecond = Double.NaN;

    /** Takes a sample of the progress {@code done} at {@code millis} (the page's clock). */
    void update(long millis, double done) {
        if (!seen) {
            seen = true;
            initial = done;
            return;
        }
        Sample last = samples.peekLast();
        if (last == null) {
            if (done != initial) {
                samples.addLast(new Sample(millis, done));
            }
            return;
        }
        if (done == last.done()) {
            return;
        }
        if (done < last.done()) {
            // The job started its count over, e.g. a new phase: a new baseline.
            samples.clear();
            samples.addLast(new Sample(millis, done));
            perSecond = Double.NaN;
            return;
        }
        lastStep = done - last.done();
        if (samples.size() >= 2 && millis - secondLast().millis() < SPACING_MILLIS) {
            samples.removeLast();
        }
        samples.addLast(new Sample(millis, done));
        while (samples.size() > 2 && millis - samples.peekFirst().millis() > WINDOW_MILLIS) {
            samples.removeFirst();
        }
        Sample first = samples.peekFirst();
        long elapsed = millis - first.millis();
        perSecond = elapsed > 0 ? (done - first.done()) * 1000 / elapsed : Double.NaN;
    }

    private Sample secondLast() {
        var it = samples.descendingIterator();
        it.next();
        return it.next();
    }

    /** {@return units per second lately, {@code NaN} while too little is known} */
    double perSecond() {
        return perSecond;
    }

    /**
     * {@return the seconds left at {@code millis} until {@code total}, counted down from the last value at the last
     * rate; {@code NaN} when unknown, without a total, or when the last value reached it}
     */
    double etaSeconds(long millis, double total) {
        Sample last = samples.peekLast();
        if (last == null || !(perSecond > 0) || !(total > 0) || last.done() >= total) {
            return Double.NaN;
        }
        double since = Math.max(0, millis - last.millis()) / 1000.0;
        double now = last.done() + Math.min(perSecond * since, lastStep);
        return Math.max(0, total - now) / perSecond;
    }
}
