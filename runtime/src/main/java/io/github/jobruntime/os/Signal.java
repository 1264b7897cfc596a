package io.github.jobruntime.os;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The POSIX signals a job may send to its command, with their Linux numbers. */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ILL(4), TRAP(5), ABRT(6), BUS(7), FPE(8), KILL(9), USR1(10), SEGV(11), USR2(12), PIPE(13),
    ALRM(14), TERM(15), CONT(18), STOP(19), TSTP(20), XCPU(24), XFSZ(25);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    /** {@return the Linux signal number} */
    public int number() {
        return number;
    }

    /**
     * Reads a signal name as {@code kill -s} takes it: {@code TERM}, {@code SIGTERM} or {@code term}.
     *
     * @throws IllegalArgumentException naming the value and the known names
     */
    public static Signal parse(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        String bare = upper.startsWith("SIG") ? upper.substring(3) : upper;
        return Arrays.stream(values()).filter(s -> s.name().equals(bare)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown signal \"" + name + "\" - use one of "
                        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))));
    }

    /** {@return the signal that a shell's exit code {@code 128 + n} stands for, if it is one of these} */
    public static Optional<Signal> ofExitCode(int exitCode) {
        return Arrays.stream(values()).filter(s -> s.number + 128 == exitCode).findFirst();
    }

    @Override
    public String toString() {
        return "SIG" + name();
    }
}
