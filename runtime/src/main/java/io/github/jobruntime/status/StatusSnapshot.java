package io.github.jobruntime.status;

import io.github.jobruntime.Control;
import io.github.jobruntime.JobState;
import io.github.jobruntime.StatusPageView.Fact;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable copy of the {@link StatusModel}, taken by the reporter for one render.
 *
 * @param resources      the last resource sample, or null before the first
 * @param wallTimeEnd    when the wall-time limit ends the job, or null when there is none known
 * @param version counts every change except progress, so that two snapshots with equal version, done and
 *                total show the same page
 */
record StatusSnapshot(String title, JobState state, double done, double total, String message, List<String> logTail,
        Instant startedAt, Instant endedAt, String note, String noteDetail, Instant noteAt, String result, List<Control> controls,
        List<Received> received, List<SeriesSnapshot> metrics, List<PageImage> images,
        List<Fact> facts, List<PageSection> sections, Resources resources, Instant wallTimeEnd, String wallTimeSource,
        long version) {

    StatusSnapshot {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(state, "state");
        logTail = List.copyOf(logTail);
        controls = List.copyOf(controls);
        received = List.copyOf(received);
        metrics = List.copyOf(metrics);
        images = List.copyOf(images);
        facts = List.copyOf(facts);
        sections = List.copyOf(sections);
    }

    boolean sameContent(StatusSnapshot other) {
        return other != null && version == other.version && done == other.done && total == other.total;
    }
}
