package io.github.jobruntime.bench;

import java.util.Objects;

/**
 * One line of the result table.
 *
 * @param measured what was measured, as shown, e.g. {@code 264 ms (min 222, max 312, n 7)}
 * @param within   whether the budget was met
 */
record Row(String metric, String measured, Budget budget, boolean within) {

    Row {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(budget, "budget");
    }

    /** A row whose verdict is {@code budget.allows(value)}. */
    static Row of(String metric, double value, String measured, Budget budget) {
        return new Row(metric, measured, budget, budget.allows(value));
    }

    String verdict() {
        if (budget.isNone()) {
            return "-";
        }
        return within ? "ok" : "OVER";
    }
}
