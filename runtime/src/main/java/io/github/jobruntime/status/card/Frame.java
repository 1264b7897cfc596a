package io.github.jobruntime.status.card;

import io.github.jobruntime.JobState;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What every card may read of the page it is on: the job's title, state, times and progress, and the time, host
 * and runtime of this page. The page's {@code <head>} and footer are made of it alone.
 *
 * @param startedAt     when the job started running, or null before
 * @param endedAt       when the job ended, or null before
 * @param total         0 or less when unknown
 * @param ratePerSecond progress units per second lately, NaN while unknown
 */
public record Frame(String title, JobState state, Instant startedAt, Instant endedAt, double done, double total,
        Instant now, double ratePerSecond, String host, String runtimeVersion) {

    public Frame {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
    }

    /** {@return whether the job has ended: the page is the final one} */
    public boolean terminal() {
        return state.isTerminal();
    }

    /** {@return the state in lower case, e.g. {@code running}: also a CSS class} */
    public String stateName() {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** {@return the state for people, e.g. {@code Running}} */
    public String stateLabel() {
        String name = state.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    /** {@return whether the total is known, so that a share of it is done} */
    public boolean determinate() {
        return total > 0;
    }

    /** {@return the seconds the job needs yet at the recent rate, NaN when unknown or ended} */
    public double etaSeconds() {
        return determinate() && !terminal() && ratePerSecond > 0 && done < total
                ? (total - done) / ratePerSecond : Double.NaN;
    }

    /** {@return machine-readable progress for scripts that read the page: {@code done/total}} */
    public String progressMeta() {
        return Formats.plain(done) + "/" + Formats.plain(total);
    }

    /** {@return the local time the job started running, or {@code –}} */
    public String startedAtText() {
        return Formats.time(startedAt);
    }

    /** {@return the local time this page is written} */
    public String updatedAt() {
        return Formats.time(now);
    }
}
