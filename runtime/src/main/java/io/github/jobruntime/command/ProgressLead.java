package io.github.jobruntime.command;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which of several {@code --progress} rules drives the progress, shared by the parsers of both output streams: the
 * first one given that has matched. A program with nested bars (tqdm's epochs around its batches) shows the outer
 * one when its rule comes first; a later rule counts only until an earlier one has matched, so that the bar and the
 * time left never jump between two counts.
 */
final class ProgressLead {

    private final AtomicInteger leader = new AtomicInteger(Integer.MAX_VALUE);

    /** {@return whether the progress rule at {@code index} among the rules, which has just matched, may report} */
    boolean admits(int index) {
        int now = leader.get();
        if (index > now) {
            return false;
        }
        if (index < now) {
            leader.accumulateAndGet(index, Math::min);
        }
        return true;
    }
}
