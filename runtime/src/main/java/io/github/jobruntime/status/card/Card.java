package io.github.jobruntime.status.card;

/**
 * One card of the status page: its part of the model with its limits, guarded by the page's {@link PageLock}.
 * The reporter takes a {@link Snapshot} of every card under that lock, then turns each into its {@link CardView}
 * on its own thread, so that a job's writes never wait for formatting.
 */
public interface Card {

    /** {@return this card's part of the page as it is now, immutable; called holding the page's lock} */
    Snapshot snapshot();

    /** A card's part of one snapshot of the page. */
    interface Snapshot {

        /** {@return what the card shows on the page of this frame} */
        CardView view(Frame frame);
    }
}
