package io.github.jobruntime;

import java.time.Instant;
import java.util.Map;

/**
 * The reason written after a termination signal: a signal alone does not say who sent it, but a job whose
 * batch system exports its end time ({@code SLURM_JOB_END_TIME}, epoch seconds, Slurm 23.02 and later) was
 * stopped by its wall-time limit when the signal came at or after that time.
 */
final class TerminationReason {

    static final String END_TIME_VARIABLE = "SLURM_JOB_END_TIME";
    static final String SIGNAL = "stopped by a termination signal (scancel, wall-time limit or Ctrl-C)";

    private TerminationReason() {
    }

    /** {@return the reason for a termination signal received at {@code now} by a job with environment {@code env}} */
    static String at(Instant now, Map<String, String> env) {
        String value = env.get(END_TIME_VARIABLE);
        if (value == null) {
            return SIGNAL;
        }
        Instant end;
        try {
            end = Instant.ofEpochSecond(Long.parseLong(value.strip()));
        } catch (NumberFormatException notATime) {
            // "Unknown" or empty without a time limit, or a value set by hand: nothing to tell.
            return SIGNAL;
        }
        return now.isBefore(end) ? SIGNAL : "wall-time limit reached (job end time " + end + ")";
    }
}
