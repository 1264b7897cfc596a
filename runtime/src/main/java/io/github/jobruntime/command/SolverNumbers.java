package io.github.jobruntime.command;

/**
 * Numbers as solvers print them: {@code 1,234}, {@code 0.005}, {@code 2e3}, Fortran's {@code 1.0D-05}; and clock times
 * as ffmpeg and rsync print them, {@code 00:01:20.00} or {@code 0:00:05}, in seconds.
 */
final class SolverNumbers {

    private SolverNumbers() {
    }

    /**
     * {@return the number in {@code text} from {@code start} to {@code end}} Plain digits, the common case of a
     * step or an iteration, are read in place, without a copy or the general parser.
     *
     * @throws NumberFormatException when it is not a number
     */
    static double parse(CharSequence text, int start, int end) {
        double digits = digits(text, start, end);
        if (digits >= 0) {
            return digits;
        }
        String number = text.subSequence(start, end).toString().strip();
        return number.indexOf(':') >= 0 ? clock(number)
                : Double.parseDouble(number.replace(",", "").replace("_", "").replace('D', 'e').replace('d', 'e'));
    }

    /** {@return {@code [h:]m:s[.fraction]} in seconds} Minutes and seconds after a colon are below 60. */
    private static double clock(String time) {
        String[] parts = time.split(":", -1);
        if (parts.length > 3) {
            throw new NumberFormatException("\"" + time + "\" is not a clock time [h:]m:s");
        }
        double seconds = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean last = i == parts.length - 1;
            if (part.isEmpty() || !part.chars().allMatch(c -> (c >= '0' && c <= '9') || (last && c == '.'))) {
                throw new NumberFormatException("\"" + time + "\" is not a clock time [h:]m:s");
            }
            double value = Double.parseDouble(part);
            if (i > 0 && value >= 60) {
                throw new NumberFormatException("\"" + time + "\" has " + part + " past 59");
            }
            seconds = seconds * 60 + value;
        }
        return seconds;
    }

    /** {@return a count of up to 15 plain digits, exact as a double; -1 for anything else} */
    private static double digits(CharSequence text, int start, int end) {
        if (end <= start || end - start > 15) {
            return -1;
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
