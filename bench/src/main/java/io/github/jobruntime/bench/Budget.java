package io.github.jobruntime.bench;

/**
 * A performance budget: an upper or a lower bound on a measured value, and, for a few rows with a wide margin, a
 * gate: a bound so far past the budget that crossing it means a regression rather than a busy machine. With
 * {@code --gate} the harness measures a section again when one of its rows crosses its gate, and fails only when the
 * same row crosses it twice in a row.
 *
 * @param upper whether {@code limit} is an upper bound (at most) or a lower one (at least)
 * @param unit  the unit of {@code limit} and of the values it is checked against, e.g. {@code ms}
 * @param gate  the upper bound past which CI fails, or infinity for a row that only reports
 */
record Budget(boolean upper, double limit, String unit, double gate) {

    Budget {
        if (Double.isNaN(limit) || Double.isNaN(gate)) {
            throw new IllegalArgumentException("a budget needs a limit and a gate, got " + limit + ", " + gate + " "
                    + unit);
        }
        if (gate != Double.POSITIVE_INFINITY && (!upper || gate < limit)) {
            throw new IllegalArgumentException("a gate is an upper bound at or past the budget's, got " + gate
                    + " for " + (upper ? "<= " : ">= ") + limit + " " + unit);
        }
    }

    static Budget atMost(double limit, String unit) {
        return new Budget(true, limit, unit, Double.POSITIVE_INFINITY);
    }

    static Budget atLeast(double limit, String unit) {
        return new Budget(false, limit, unit, Double.POSITIVE_INFINITY);
    }

    /** A row shown for information, without a verdict: e.g. absolute start times, which differ between machines. */
    static Budget none(String unit) {
        return new Budget(true, Double.POSITIVE_INFINITY, unit, Double.POSITIVE_INFINITY);
    }

    /** {@return this budget, with CI failing past {@code bound}} */
    Budget gatedAt(double bound) {
        return new Budget(upper, limit, unit, bound);
    }

    boolean isNone() {
        return limit == Double.POSITIVE_INFINITY;
    }

    /** {@return whether {@code value} is within the budget; NaN (not measured) never is} */
    boolean allows(double value) {
        return upper ? value <= limit : value >= limit;
    }

    /** {@return whether {@code value} crosses the gate; a row without a gate never does} */
    boolean breaksGate(double value) {
        return value > gate;
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "information";
        }
        String bound = (upper ? "<= " : ">= ") + Fmt.limit(limit) + " " + unit;
        return gate == Double.POSITIVE_INFINITY ? bound : bound + "; CI fails past " + Fmt.limit(gate);
    }
}
