package io.github.jobruntime.status;

import io.github.jobruntime.StatusPageView;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.facts.FactsCard;
import io.github.jobruntime.status.log.LogCard;
import io.github.jobruntime.status.progress.ProgressCard;
import io.github.jobruntime.status.progress.ProgressCard.ProgressView;
import io.github.jobruntime.status.result.ResultCard;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One page: its frame and its cards, each already formatted; the templates only lay them out (and escape them).
 * An application's template sees it through {@link StatusPageView}, the figures of the page's frame and of the
 * cards it names; the parts see all of it.
 *
 * @param cards each card's view by its card's class, in the order of the default page
 */
record StatusView(Frame frame, Map<Class<? extends Card>, CardView> cards) implements StatusPageView {

    StatusView {
        cards = Collections.unmodifiableMap(new LinkedHashMap<>(cards));
    }

    /** {@return the view of the card of this class} */
    CardView card(Class<? extends Card> card) {
        CardView view = cards.get(card);
        if (view == null) {
            throw new IllegalStateException("the page has no " + card.getSimpleName() + ": list it in StatusModel");
        }
        return view;
    }

    private ProgressView progress() {
        return (ProgressView) card(ProgressCard.class);
    }

    @Override
    public String title() {
        return frame.title();
    }

    @Override
    public String state() {
        return frame.stateName();
    }

    @Override
    public String stateLabel() {
        return frame.stateLabel();
    }

    @Override
    public boolean terminal() {
        return frame.terminal();
    }

    @Override
    public String percent() {
        return progress().percent();
    }

    @Override
    public String doneText() {
        return progress().doneText();
    }

    @Override
    public String message() {
        return progress().message();
    }

    @Override
    public String elapsed() {
        return progress().elapsed();
    }

    @Override
    public String rate() {
        return progress().rate();
    }

    @Override
    public String eta() {
        return progress().eta();
    }

    @Override
    public String startedAt() {
        return frame.startedAtText();
    }

    @Override
    public String updatedAt() {
        return frame.updatedAt();
    }

    @Override
    public String result() {
        return ((ResultCard.ResultView) card(ResultCard.class)).result();
    }

    @Override
    public String host() {
        return frame.host();
    }

    @Override
    public List<Fact> facts() {
        return ((FactsCard.FactsView) card(FactsCard.class)).facts();
    }

    @Override
    public List<String> logTail() {
        return ((LogCard.LogView) card(LogCard.class)).logTail();
    }

    @Override
    public Parts parts() {
        return new PageParts(this);
    }
}
