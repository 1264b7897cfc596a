package io.github.jobruntime;

import java.util.Objects;

/**
 * How a job ended: its terminal state, the text written to {@code result.txt} and the process exit code.
 *
 * @param state    a terminal state
 * @param result   the text written to result.txt
 * @param exitCode the exit code a launcher should end with
 */
public record JobOutcome(JobState state, String result, int exitCode) {

    public JobOutcome {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(result, "result");
        if (!state.isTerminal()) {
            throw new IllegalArgumentException("an outcome needs a terminal state, not " + state);
        }
    }
}
