package io.github.jobruntime.status.facts;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.StatusPageView.Fact;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.NameLimit;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.card.PageText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The table of key figures a job sets, e.g. {@code Mesh cells} = {@code 1,245,760}. */
public final class FactsCard implements Card {

    /** How many facts the page shows. */
    public static final int MAX_FACTS = 32;
    /** Longest value of a fact, in characters. */
    public static final int MAX_VALUE = 500;

    private final PageLock lock;
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final NameLimit limit = new NameLimit("fact", MAX_FACTS);

    public FactsCard(PageLock lock) {
        this.lock = lock;
    }

    /**
     * Sets a key figure: a new name goes last, a known one keeps its place and gets the new value. New names beyond
     * {@link #MAX_FACTS} are ignored, with one warning.
     */
    public void put(String name, String value) {
        String key = PageText.cut(PageText.notBlank(name, "fact name").strip(), PageText.MAX_NAME);
        Objects.requireNonNull(value, "fact value");
        synchronized (lock) {
            if (facts.containsKey(key) || limit.hasRoom(facts.keySet(), key)) {
                facts.put(key, PageText.cut(value, MAX_VALUE));
                lock.changed();
            }
        }
    }

    @Override
    public Snapshot snapshot() {
        return new FactsView(facts.entrySet().stream().map(fact -> new Fact(fact.getKey(), fact.getValue())).toList());
    }

    /**
     * The facts as the page shows them, the same on every page until one changes: the snapshot is the view.
     *
     * @param facts in the order first set
     */
    public record FactsView(List<Fact> facts) implements Snapshot, CardView {

        public FactsView {
            facts = List.copyOf(facts);
        }

        @Override
        public FactsView view(Frame frame) {
            return this;
        }

        @Override
        public void render(HtmlTemplateOutput output) {
            JtefactsGenerated.render(output, null, this);
        }
    }
}
