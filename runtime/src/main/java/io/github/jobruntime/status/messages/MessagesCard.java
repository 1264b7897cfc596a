package io.github.jobruntime.status.messages;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Formats;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.card.PageText;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/** The control messages the job received and what became of each, the newest last. */
public final class MessagesCard implements Card {

    /** How many received messages the page lists. */
    public static final int MAX_RECEIVED = 10;
    /** Longest message or detail listed, in characters. */
    private static final int MAX_SHOWN = 200;

    private final PageLock lock;
    private final ArrayDeque<Received> received = new ArrayDeque<>(MAX_RECEIVED);

    public MessagesCard(PageLock lock) {
        this.lock = lock;
    }

    /**
     * Lists a received message and what became of it; one that repeats the last listed, with the same outcome, adds
     * to that entry's count instead.
     *
     * @param outcome e.g. {@code acknowledged}, {@code ignored}, {@code failed}
     * @param detail  why, or empty
     */
    public void add(Instant at, String message, String outcome, String detail) {
        String shown = PageText.plain(message, MAX_SHOWN);
        String why = PageText.plain(detail, MAX_SHOWN);
        synchronized (lock) {
            Received last = received.peekLast();
            if (last != null && last.repeatedBy(shown, outcome, why)) {
                // A flood of one message takes one line with a count, so the list still shows what came around it.
                received.removeLast();
                received.addLast(last.again(at));
            } else {
                if (received.size() == MAX_RECEIVED) {
                    received.removeFirst();
                }
                received.addLast(new Received(at, shown, outcome, why, 1));
            }
            lock.changed();
        }
    }

    @Override
    public Snapshot snapshot() {
        return new MessagesSnapshot(List.copyOf(received));
    }

    record MessagesSnapshot(List<Received> received) implements Snapshot {

        @Override
        public CardView view(Frame frame) {
            return new MessagesView(received.stream().map(r -> new ReceivedLine(Formats.clock(r.at()), r.message(),
                    r.count() > 1 ? "×" + Formats.count(r.count()) : "", r.outcome(), r.detail())).toList());
        }
    }

    record MessagesView(List<ReceivedLine> received) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JtemessagesGenerated.render(output, null, this);
        }
    }

    /**
     * A received message with its time formatted.
     *
     * @param repeats e.g. {@code ×1,000,000} for as many identical messages in a row, empty for one
     */
    record ReceivedLine(String time, String message, String repeats, String outcome, String detail) {
    }
}
