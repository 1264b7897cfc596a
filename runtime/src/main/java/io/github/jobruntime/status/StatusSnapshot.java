package io.github.jobruntime.status;

import io.github.jobruntime.JobState;
import io.github.jobruntime.status.card.Card;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable copy of the {@link StatusModel}, taken by the reporter for one render: the job's title, state,
 * times and progress, and a snapshot of each card.
 *
 * @param startedAt when the job started running, or null before
 * @param endedAt   when the job ended, or null before
 * @param percent   whether progress is in percent of the whole, {@code done} of a {@code total} of 100
 * @param cards     each card's snapshot by its card's class, in the order of the default page
 * @param version   counts every change except progress, so that two snapshots with equal version, done and
 *                  total show the same page
 */
record StatusSnapshot(String title, JobState state, Instant startedAt, Instant endedAt, double done, double total,
        boolean percent, Map<Class<? extends Card>, Card.Snapshot> cards, long version) {

    StatusSnapshot {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(state, "state");
        cards = Collections.unmodifiableMap(new LinkedHashMap<>(cards));
    }

    boolean sameContent(StatusSnapshot other) {
        return other != null && version == other.version && done == other.done && total == other.total
                && percent == other.percent;
    }
}
