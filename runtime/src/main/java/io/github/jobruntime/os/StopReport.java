package io.github.jobruntime.os;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * How a stop of a {@link ProcessTree} went.
 *
 * @param signal         the signal sent first, or empty when the stop only waited (see {@link ProcessTree#awaitEnd})
 * @param signalled      how many processes got the signal, or were waited for without one
 * @param outsideSession how many of them had left the command's session
 * @param withoutCookie  how many of those had also dropped the {@link ProcessTree#COOKIE}: found as descendants, or as
 *                       orphans re-parented to this JVM where it is a child subreaper
 * @param killed         how many needed a KILL at the end of the grace
 * @param notStopped     the processes still running at the end
 * @param exitCode       the command's own exit code, when it ended
 * @param caveat         why the processes found may not be all, or "" when they are
 */
public record StopReport(Optional<Signal> signal, int signalled, int outsideSession, int withoutCookie,
        Duration took, int killed, List<NotStopped> notStopped, OptionalInt exitCode, String caveat) {

    /** A process the stop could not end, and why. */
    public record NotStopped(long pid, String reason) {
    }

    public StopReport {
        Objects.requireNonNull(signal, "signal");
        notStopped = List.copyOf(notStopped);
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(caveat, "caveat");
    }

    /** {@return this report, saying that a process not found still holds the command's output} */
    public StopReport withOutputStillHeld() {
        return new StopReport(signal, signalled, outsideSession, withoutCookie, took, killed, notStopped, exitCode,
                "a process that was not found still holds the command's output: it left the command's session "
                        + "and environment, and may still run");
    }

    /** {@return one line for the log and the result: what was signalled, and whether all of it is gone} */
    public String describe() {
        if (signalled == 0 && notStopped.isEmpty()) {
            // Without a signal, a command that was quick to heed the request is gone before the first look.
            String ended = signal.isPresent() ? "the command had already ended" : "the command ended by itself"
                    + (exitCode.isPresent() ? ", exit code " + exitCode.getAsInt() : "");
            return ended + (caveat.isEmpty() ? "" : ", but " + caveat);
        }
        String processes = signalled == 1 ? "the command's process" : "the command's " + signalled + " processes";
        StringBuilder text = new StringBuilder(signal.isEmpty() ? "waited for " + processes + " to end by itself"
                : signal.get() + " to " + processes);
        if (outsideSession > withoutCookie) {
            text.append(", ").append(outsideSession - withoutCookie)
                    .append(" of them outside its session (found by ").append(ProcessTree.COOKIE).append(')');
        }
        if (withoutCookie > 0) {
            text.append(", ").append(withoutCookie).append(" of them outside its session and without ")
                    .append(ProcessTree.COOKIE);
        }
        if (killed > 0) {
            text.append("; SIGKILL to the ").append(killed).append(" still running at the end of the grace");
        }
        String after = String.format(Locale.ROOT, " after %.2f s", took.toNanos() / 1e9)
                + (exitCode.isPresent() ? ", exit code " + exitCode.getAsInt() : "");
        if (!notStopped.isEmpty()) {
            text.append("; ").append(notStopped.size()).append(" NOT stopped").append(after).append(": ")
                    .append(notStopped.stream().map(p -> "pid " + p.pid() + " (" + p.reason() + ")")
                            .collect(Collectors.joining(", ")));
        } else if (!caveat.isEmpty()) {
            text.append("; every process found is gone").append(after).append(", but ").append(caveat);
        } else {
            text.append("; all gone").append(after);
        }
        return text.toString();
    }
}
