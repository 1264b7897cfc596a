package io.github.jobruntime.status.card;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * How numbers and times read on the page: short, unambiguous, locale-independent. Durations are
 * {@link io.github.jobruntime.io.Durations}'.
 */
public final class Formats {

    private static final ZoneId ZONE = ZoneId.systemDefault();
    /** Naming a zone loads the locale data (CLDR), tens of milliseconds at start: UTC is named without it. */
    private static final boolean UTC = ZONE.normalized().equals(ZoneOffset.UTC);

    private static final MathContext FOUR_DIGITS = new MathContext(4);

    private Formats() {
    }

    /** {@code 14:03:12}: for lists where the date is the page's. */
    public static String clock(Instant instant) {
        return clock(new StringBuilder(8), local(instant)).toString();
    }

    /** {@code 2026-03-01 14:03:12 UTC}, in the system's time zone. */
    public static String time(Instant instant) {
        if (instant == null) {
            return "–";
        }
        LocalDateTime local = local(instant);
        StringBuilder text = new StringBuilder(32).append(local.getYear()).append('-');
        twoDigits(text, local.getMonthValue()).append('-');
        twoDigits(text, local.getDayOfMonth()).append(' ');
        return clock(text, local).append(' ').append(UTC ? "UTC" : ZoneName.FORMAT.format(instant)).toString();
    }

    private static LocalDateTime local(Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZONE.getRules().getOffset(instant));
    }

    private static StringBuilder clock(StringBuilder text, LocalDateTime local) {
        twoDigits(text, local.getHour()).append(':');
        twoDigits(text, local.getMinute()).append(':');
        return twoDigits(text, local.getSecond());
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /** Loaded only where the zone is not UTC. */
    private static final class ZoneName {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("z", Locale.ROOT).withZone(ZONE);
    }

    /** Units per second, or per minute or hour when slower: {@code 12.5/s}, {@code 3.0/min}. */
    public static String rate(double perSecond) {
        if (Double.isNaN(perSecond) || perSecond <= 0) {
            return "–";
        }
        if (perSecond >= 1) {
            return number(perSecond) + "/s";
        }
        if (perSecond * 60 >= 1) {
            return number(perSecond * 60) + "/min";
        }
        return number(perSecond * 3600) + "/h";
    }

    /** Units per second whatever the speed, for progress in a solver's own unit: {@code 0.0125/s}. */
    public static String ratePerSecond(double perSecond) {
        return Double.isNaN(perSecond) || perSecond <= 0 ? "–" : compact(perSecond) + "/s";
    }

    public static String number(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.2fM", value / 1_000_000);
        }
        if (value >= 10_000) {
            return String.format(Locale.ROOT, "%.1fk", value / 1_000);
        }
        if (value >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * A measured value in at most four significant digits, with an exponent when very small or large:
     * {@code 0.01235}, {@code 1234}, {@code 1.23e-5}, {@code -4.5e7}.
     */
    public static String compact(double value) {
        double magnitude = Math.abs(value);
        if (magnitude == 0) {
            return "0";
        }
        if (magnitude >= 1e-3 && magnitude < 1e4) {
            return new BigDecimal(value).round(FOUR_DIGITS).stripTrailingZeros().toPlainString();
        }
        String scientific = String.format(Locale.ROOT, "%.2e", value); // 1.20e-05
        int e = scientific.indexOf('e');
        String mantissa = scientific.substring(0, e).replaceFirst("\\.?0+$", "");
        return mantissa + "e" + Integer.parseInt(scientific.substring(e + 1));
    }

    /** {@code 512 bytes}, {@code 3.2 KiB}, {@code 1 MiB}, {@code 23.5 GiB}. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        int power = bytes >= 1L << 30 ? 3 : bytes >= 1L << 20 ? 2 : 1;
        String number = String.format(Locale.ROOT, "%.1f", bytes / Math.pow(1024, power));
        return (number.endsWith(".0") ? number.substring(0, number.length() - 2) : number)
                + List.of(" KiB", " MiB", " GiB").get(power - 1);
    }

    /** {@return whether the progress value is a whole number of units, shown as a count} */
    public static boolean whole(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15;
    }

    /** Progress as the page shows it: {@code 1,500} for whole units, {@code 0.005} or {@code 1.25e-5} otherwise. */
    public static String amount(double value) {
        return whole(value) ? count((long) value) : compact(value);
    }

    /**
     * A number for scripts that read the page: {@code 1500}, {@code 0.005}, {@code 6.8}, never an exponent or a
     * separator, in the fewest digits that read back as the same double (Java 17's {@code Double.toString} gives
     * more in some cases); empty for NaN or an infinity.
     */
    public static String plain(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        return whole(value) ? Long.toString((long) value) : shortest(value).toPlainString();
    }

    /**
     * The decimal of fewest significant digits that reads back as {@code value}, a finite double: Java 17's
     * {@code Double.toString} reads back, but gives a digit too many for some values (JDK-4511638, fixed in 19).
     * Its decimal is cut shorter while the cut still reads back as the value; rounding that decimal rather than
     * the double's exact expansion (hundreds of digits for a small number) keeps this to microseconds.
     */
    static BigDecimal shortest(double value) {
        BigDecimal given = BigDecimal.valueOf(value).stripTrailingZeros();
        for (int digits = 1; digits < given.precision(); digits++) {
            BigDecimal candidate = given.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == value) {
                return candidate.stripTrailingZeros();
            }
        }
        return given;
    }

    /**
     * A rate of progress given in percent: {@code 2.5 %/min}, or per second or per hour when that reads better
     * ({@code 12 %/s}, {@code 30 %/h}).
     */
    public static String percentRate(double percentPerSecond) {
        if (Double.isNaN(percentPerSecond) || percentPerSecond <= 0) {
            return "–";
        }
        if (percentPerSecond >= 1) {
            return number(percentPerSecond) + " %/s";
        }
        if (percentPerSecond * 60 >= 1) {
            return number(percentPerSecond * 60) + " %/min";
        }
        return number(percentPerSecond * 3600) + " %/h";
    }

    public static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f", Math.max(0, Math.min(1, fraction)) * 100);
    }
}
