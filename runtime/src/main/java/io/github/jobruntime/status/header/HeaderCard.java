package io.github.jobruntime.status.header;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Frame;

/** The title, the state badge, the host and the start time: all of it the page's {@link Frame}. */
public final class HeaderCard implements Card {

    private static final Snapshot SNAPSHOT = HeaderView::new;

    @Override
    public Snapshot snapshot() {
        return SNAPSHOT;
    }

    record HeaderView(Frame frame) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JteheaderGenerated.render(output, null, this);
        }
    }
}
