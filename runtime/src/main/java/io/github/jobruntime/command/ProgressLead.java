package io.github.jobruntime.command;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which of several {@code --progress} rules drives the progress, shared by the parsers of both output streams: the
 * first one given that has matched. A program with nested bars (tqdm's epochs around its batches) shows the outer
 * one when its rule comes first; a later rule counts only until an earlier one has matched, so that the bar and the
 * time left never jump between two counts. A rule with a {@code bar} group that matches several bars (one rule for
 * every tqdm bar) drives the progress with the first bar it saw, told apart by that group and its total.
 */
final class ProgressLead {

    /** Written under this object's lock, with {@link #bar}; read without it on the path of every progress line. */
    private final AtomicInteger leader = new AtomicInteger(Integer.MAX_VALUE);
    /** The leading rule's bar, or null when it has no {@code bar} group. */
    private String bar;

    /**
     * {@return whether the progress rule at {@code index} among the rules, which has just matched, may report}
     *
     * @param bar which bar the match is ({@link OutputRule.Progress#barOf}), or null for a rule without bars
     */
    boolean admits(int index, String bar) {
        int now = leader.get();
        if (index > now) {
            return false;
        }
        if (index == now && bar == null) {
            // The leading rule has no bar group: every match of it reports, without a lock per line.
            return true;
        }
        synchronized (this) {
            now = leader.get();
            if (index > now) {
                return false;
            }
            if (index < now) {
                leader.set(index);
                this.bar = bar;
                return true;
            }
            return Objects.equals(this.bar, bar);
        }
    }
}
