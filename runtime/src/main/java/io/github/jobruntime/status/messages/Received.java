package io.github.jobruntime.status.messages;

import java.time.Instant;

/**
 * A control message the job received, as the page lists it.
 *
 * @param at    when the newest of the run of identical messages was received
 * @param count how many identical messages in a row this entry stands for: a flood takes one line of the list
 */
record Received(Instant at, String message, String outcome, String detail, long count) {

    Received {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count + " for " + message);
        }
    }

    /** {@return whether a message received next repeats this one, with the same outcome} */
    boolean repeatedBy(String nextMessage, String nextOutcome, String nextDetail) {
        return message.equals(nextMessage) && outcome.equals(nextOutcome) && detail.equals(nextDetail);
    }

    /** {@return this entry counting one more identical message, received at {@code later}} */
    Received again(Instant later) {
        return new Received(later, message, outcome, detail, count + 1);
    }
}
