package io.github.jobruntime.run;

import io.github.jobruntime.host.SlurmEndTime;
import java.time.Instant;

/**
 * The reason written after a termination signal: a signal alone does not say who sent it, but a job whose
 * batch system tells its end time ({@link SlurmEndTime}) was stopped by its wall-time limit when the signal came
 * at or after that time.
 */
final class TerminationReason {

    static final String SIGNAL = "stopped by a termination signal (scancel, wall-time limit or Ctrl-C)";

    private TerminationReason() {
    }

    /** {@return the reason for a termination signal received at {@code now}; {@code end} null when unknown} */
    static String at(Instant now, Instant end) {
        return end == null || now.isBefore(end) ? SIGNAL : "wall-time limit reached (job end time " + end + ")";
    }
}
