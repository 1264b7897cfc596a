package io.github.jobruntime.bench;

import java.util.Objects;

/**
 * One line of the result table.
 *
 * @param measured    what was measured, as shown, e.g. {@code 264 ms (min 222, max 312, n 7)}
 * @param within      whether the budget was met
 * @param breaksGate  whether the value crossed the budget's gate (see {@link Budget})
 */
record Row(String metric, String measured, Budget budget, boolean within, boolean breaksGate) {

    Row {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(measured, "measured");
        Objects.requireNonNull(budget, "budget");
    }

    /** A row whose verdict is {@code budget.allows(value)}. */
    static Row of(String metric, double value, String measured, Budget budget) {
        return new Row(metric, measured, budget, budget.allows(value), budget.breaksGate(value));
    }

    String verdict() {
        if (budget.isNone()) {
            return "-";
        }
        if (breaksGate) {
            return "OVER, past the gate";
        }
        return within ? "ok" : "OVER";
    }
}
