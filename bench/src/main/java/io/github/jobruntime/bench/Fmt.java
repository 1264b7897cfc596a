package io.github.jobruntime.bench;

import java.math.BigDecimal;
import java.util.Locale;

/** Number formatting for the table: about three significant digits, a dot as decimal separator. */
final class Fmt {

    private Fmt() {
    }

    static String num(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 || value == Math.rint(value) ? "%,.0f"
                : magnitude >= 10 ? "%.1f"
                : magnitude >= 1 ? "%.2f"
                : "%.3f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** {@return a limit as written by hand: {@code 0.2}, {@code 20}, {@code 200,000}} */
    static String limit(double value) {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%,.0f", value)
                : BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** {@return e.g. {@code 1,234,567 msg/s}} */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f msg/s", perSecond);
    }
}
