package io.github.jobruntime.status.card;

import io.github.jobruntime.io.Logs;
import java.util.Collection;

/**
 * How many names (metrics, facts, sections) a card shows at most; the first name left out is warned about, once,
 * so that a job that makes up names in a loop does not flood its log. Guarded by the page's lock.
 */
public final class NameLimit {

    private final String kind;
    private final int max;
    private boolean warned;

    /** @param kind what the names name, e.g. {@code fact} */
    public NameLimit(String kind, int max) {
        this.kind = kind;
        this.max = max;
    }

    /** {@return whether a new name fits beside the {@code shown} ones; warns once when it does not} */
    public boolean hasRoom(Collection<String> shown, String name) {
        if (shown.size() < max) {
            return true;
        }
        if (!warned) {
            warned = true;
            // The logger is made here, not at start: the first page is written before the logger is set up.
            Logs.get(NameLimit.class).warn("{} '{}' is not shown: the status page shows at most {} of "
                    + "them, {} - report fewer; further names are ignored without a warning", kind,
                    PageText.cut(name, PageText.MAX_NAME), max, shown);
        }
        return false;
    }

    /** {@return the most names shown} */
    public int max() {
        return max;
    }
}
