package io.github.jobruntime.io;

import java.time.Duration;
import java.util.Locale;

/**
 * Every duration the runtime shows, in the four styles its readers meet them in. Each text is what users and
 * scripts already read, so a style changes only with its tests: the page, the result text, the log and result of a
 * stop, and an estimate.
 */
public final class Durations {

    private static final long MINUTE = 60;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    private Durations() {
    }

    /**
     * The page's elapsed time and time to go, exact to the second in fixed-width fields: {@code 0s}, {@code 5s},
     * {@code 2m 05s}, {@code 1h 02m 03s}, {@code 3d 04h 05m} (seconds dropped from a day on). Below zero reads
     * {@code 0s}.
     */
    public static String page(Duration duration) {
        Units units = Units.of(Math.max(0, duration.toSeconds()));
        if (units.days() > 0) {
            return String.format(Locale.ROOT, "%dd %02dh %02dm", units.days(), units.hours(), units.minutes());
        }
        if (units.hours() > 0) {
            return String.format(Locale.ROOT, "%dh %02dm %02ds", units.hours(), units.minutes(), units.seconds());
        }
        if (units.minutes() > 0) {
            return String.format(Locale.ROOT, "%dm %02ds", units.minutes(), units.seconds());
        }
        return units.seconds() + "s";
    }

    /**
     * How long a command ran, as {@code run} puts it into the result text ({@code {elapsed}}) and the log:
     * {@code 12.3 s} below a minute (so {@code 59.95 s} rounds to {@code 60.0 s}), {@code 2 min 05 s} below an hour,
     * then {@code 1 h 02 min} (no days: {@code 26 h 00 min}).
     */
    public static String elapsed(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < MINUTE) {
            return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
        }
        Units units = Units.of(seconds);
        return seconds < HOUR ? String.format(Locale.ROOT, "%d min %02d s", units.minutes(), units.seconds())
                : String.format(Locale.ROOT, "%d h %02d min", units.totalHours(), units.minutes());
    }

    /**
     * A grace or a wait as the log and the result of a stop give it, in the unit it was set in: {@code 30 s},
     * {@code 90 s} for whole seconds, else {@code 500 ms}, {@code 1500 ms}.
     */
    public static String grace(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? duration.toSeconds() + " s" : millis + " ms";
    }

    /**
     * An estimate as people say it, to the nearest minute from a minute on: {@code 45 s}, {@code 40 min},
     * {@code 2 h}, {@code 2 h 10 min}; the page's wall-time card and warning. Below zero reads {@code 0 s}.
     */
    public static String estimate(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < MINUTE) {
            return seconds + " s";
        }
        if (seconds < HOUR) {
            return Math.round(seconds / (double) MINUTE) + " min";
        }
        Units units = Units.of(seconds);
        long minutes = Math.round((units.minutes() * MINUTE + units.seconds()) / (double) MINUTE);
        long hours = units.totalHours() + minutes / 60;
        return minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
    }

    /** Whole seconds taken apart into days, hours (0-23), minutes (0-59) and seconds (0-59). */
    private record Units(long days, long hours, long minutes, long seconds) {

        static Units of(long seconds) {
            return new Units(seconds / DAY, seconds % DAY / HOUR, seconds % HOUR / MINUTE, seconds % MINUTE);
        }

        long totalHours() {
            return days * 24 + hours;
        }
    }
}
