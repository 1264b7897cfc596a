package io.github.jobruntime.bench;

/**
 * A performance budget: an upper or a lower bound on a measured value.
 *
 * @param upper whether {@code limit} is an upper bound (at most) or a lower one (at least)
 * @param unit  the unit of {@code limit} and of the values it is checked against, e.g. {@code ms}
 */
record Budget(boolean upper, double limit, String unit) {

    Budget {
        if (Double.isNaN(limit)) {
            throw new IllegalArgumentException("a budget needs a limit, got NaN " + unit);
        }
    }

    static Budget atMost(double limit, String unit) {
        return new Budget(true, limit, unit);
    }

    static Budget atLeast(double limit, String unit) {
        return new Budget(false, limit, unit);
    }

    /** A row shown for information, without a verdict: e.g. absolute start times, which differ between machines. */
    static Budget none(String unit) {
        return new Budget(true, Double.POSITIVE_INFINITY, unit);
    }

    boolean isNone() {
        return limit == Double.POSITIVE_INFINITY;
    }

    /** {@return whether {@code value} is within the budget; NaN (not measured) never is} */
    boolean allows(double value) {
        return upper ? value <= limit : value >= limit;
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "information";
        }
        return (upper ? "<= " : ">= ") + Fmt.limit(limit) + " " + unit;
    }
}
