package io.github.jobruntime.run;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way people type them: {@code 500ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, {@code 1h}, ISO-8601,
 * or as Slurm's {@code --time} writes them: {@code 02:00:00}, {@code 1-12:00:00}, {@code 30:00} (minutes:seconds).
 * The settings' variables read them here; the launcher's options through its {@code DurationConverter}.
 */
public final class DurationText {

    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+)-)?(\\d+):(\\d\\d)(?::(\\d\\d))?");
    private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");

    private DurationText() {
    }

    /**
     * {@return the duration {@code value} writes}
     *
     * @throws IllegalArgumentException naming the text and the forms it may take
     */
    public static Duration parse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        Matcher clock = CLOCK.matcher(text);
        if (clock.matches()) {
            long days = clock.group(1) == null ? 0 : Long.parseLong(clock.group(1));
            long first = Long.parseLong(clock.group(2));
            long second = Long.parseLong(clock.group(3));
            // Slurm: H:MM:SS, D-H:MM:SS and D-H:MM; M:SS without a day and without a third field.
            Duration time = clock.group(4) != null
                    ? Duration.ofHours(first).plusMinutes(second).plusSeconds(Long.parseLong(clock.group(4)))
                    : days > 0 ? Duration.ofHours(first).plusMinutes(second)
                    : Duration.ofMinutes(first).plusSeconds(second);
            return time.plusDays(days);
        }
        Matcher m = SIMPLE.matcher(text);
        if (m.matches()) {
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "m", "min" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 1_000;
            };
            return Duration.ofNanos(Math.round(millis * 1_000_000));
        }
        try {
            return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration - write e.g. 500ms, 1s, 2m, 1h or "
                    + "02:00:00", e);
        }
    }
}
