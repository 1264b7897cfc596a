package io.github.jobruntime.status.card;

/**
 * The page's one lock and its count of changes. Every card guards its part with it, so that a snapshot of the page
 * is one moment of the job; the count tells the reporter whether anything but the progress changed since the page
 * it wrote last.
 */
public final class PageLock {

    private long changes;

    /** Counts a change; the caller holds this lock. */
    public void changed() {
        changes++;
    }

    /** {@return the changes so far; the caller holds this lock} */
    public long changes() {
        return changes;
    }
}
