package io.github.jobruntime.command;

/** Numbers as solvers print them: {@code 1,234}, {@code 0.005}, {@code 2e3}, Fortran's {@code 1.0D-05}. */
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
        return digits >= 0 ? digits : Double.parseDouble(text.subSequence(start, end).toString().strip()
                .replace(",", "").replace("_", "").replace('D', 'e').replace('d', 'e'));
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
