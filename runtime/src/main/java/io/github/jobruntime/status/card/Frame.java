package io.github.jobruntime.status.card;

import io.github.jobruntime.JobState;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * @param percent       whether progress is in percent of the whole: {@code done} of a {@code total} of 100, and no
 *                      counts to show
 * @param ratePerSecond progress units per second lately, NaN while unknown
 * @param etaSeconds    the seconds the job needs yet at the recent rate, NaN when unknown; NaN on a final page
 */
public record Frame(String title, JobState state, Instant startedAt, Instant endedAt, double done, double total,
        boolean percent, Instant now, double ratePerSecond, double etaSeconds, String host, String runtimeVersion) {

    public Frame {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        if (state.isTerminal() || !(total > 0)) {
            etaSeconds = Double.NaN;
        }
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

    /** {@return the share of the total done in percent, e.g. {@code 6.8}, between 0 and 100; 0 when unknown} */
    public double percentDone() {
        if (!determinate()) {
            return 0;
        }
        // done * 100 first: for whole counts it is exact, so 68 of 1,000 is 6.8, where 100 * (68 / 1000.0) is
        // 6.800000000000001.
        return Math.max(0, Math.min(100, done * 100 / total));
    }

    /** The share of its total from which a job that succeeded counts as having reached it, in percent. */
    static final double NEARLY_DONE = 99;

    /**
     * {@return where a job that succeeded short of its total ended, e.g. {@code at 60 % of the total}, or
     * {@code at 0.5 % of the total (1,000 of 200,000)}; empty for any other job, and for one that ended within
     * {@link #NEARLY_DONE} % of its total, which its bar shows full: ffmpeg's last {@code time=} is its last frame's
     * start, 19.96 of a 20 s input}
     */
    public String shortOfTotal() {
        if (state != JobState.SUCCEEDED || !determinate() || percentDone() >= NEARLY_DONE) {
            return "";
        }
        // Rounded down, from the shortest decimal: a job at 98.96 % has not reached 99 %, and 6.8 stays 6.8.
        String shown = new BigDecimal(Formats.plain(percentDone())).setScale(1, RoundingMode.DOWN)
                .stripTrailingZeros().toPlainString();
        String text = "at " + shown + " % of the total";
        return percent ? text : text + " (" + Formats.amount(done) + " of " + Formats.amount(total) + ")";
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
