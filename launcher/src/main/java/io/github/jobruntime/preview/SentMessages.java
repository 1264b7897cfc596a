package io.github.jobruntime.preview;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/** The last messages sent to the job through the preview, for the portal; thread-safe. */
final class SentMessages {

    /** How many the portal lists. */
    static final int KEPT = 10;

    /** One message as it was appended to notifications.txt (without its newline). */
    record Sent(Instant at, String message) {
        Sent {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(message, "message");
        }
    }

    private final Deque<Sent> last = new ArrayDeque<>();
    private long count;

    synchronized void add(Sent sent) {
        last.addFirst(sent);
        if (last.size() > KEPT) {
            last.removeLast();
        }
        count++;
    }

    synchronized List<Sent> newestFirst() {
        return List.copyOf(last);
    }

    synchronized long count() {
        return count;
    }
}
