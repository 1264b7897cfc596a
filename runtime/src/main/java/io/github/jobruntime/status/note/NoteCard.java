package io.github.jobruntime.status.note;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Formats;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.card.PageText;
import java.time.Instant;

/** A highlighted note with its time and a detail, e.g. that an abort was requested and why. */
public final class NoteCard implements Card {

    private final PageLock lock;
    private NoteSnapshot note = new NoteSnapshot("", "", null);

    public NoteCard(PageLock lock) {
        this.lock = lock;
    }

    /** Shows the note, replacing the one before. */
    public void set(String text, String detail, Instant at) {
        NoteSnapshot shown = new NoteSnapshot(PageText.plain(String.valueOf(text), PageText.MAX_TEXT),
                PageText.plain(String.valueOf(detail), PageText.MAX_TEXT), at);
        synchronized (lock) {
            note = shown;
            lock.changed();
        }
    }

    @Override
    public Snapshot snapshot() {
        return note;
    }

    /** @param text empty for no note */
    record NoteSnapshot(String text, String detail, Instant at) implements Snapshot {

        @Override
        public CardView view(Frame frame) {
            return new NoteView(text.isEmpty() ? "" : text + " at " + Formats.time(at), detail);
        }
    }

    /** @param note the note and its time, or empty */
    record NoteView(String note, String detail) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JtenoteGenerated.render(output, null, this);
        }
    }
}
