package io.github.jobruntime.bench;

import java.util.Arrays;
import java.util.Collection;

/** Order statistics of a set of samples, all in one unit. */
record Stats(int count, double min, double median, double p99, double max) {

    static Stats of(Collection<Double> samples) {
        return of(samples.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static Stats of(double[] samples) {
        if (samples.length == 0) {
            throw new HarnessException("no samples to summarise - every run of the measurement failed");
        }
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        // Nearest rank: the smallest sample with at least 99 % of all samples at or below it.
        double p99 = sorted[(int) Math.ceil(0.99 * n) - 1];
        return new Stats(n, sorted[0], median, p99, sorted[n - 1]);
    }

    /** {@return e.g. {@code 264 ms (min 222, max 312, n 7)}} */
    String spread(String unit) {
        return Fmt.num(median) + " " + unit + " (min " + Fmt.num(min) + ", max " + Fmt.num(max) + ", n " + count + ")";
    }
}
