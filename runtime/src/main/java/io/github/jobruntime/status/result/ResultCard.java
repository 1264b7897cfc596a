package io.github.jobruntime.status.result;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.card.PageText;

/** The result text on the final page. */
public final class ResultCard implements Card {

    /** Longest result text shown on the final page; result.txt itself gets all of it. */
    public static final int MAX_SHOWN = 8_000;

    private final PageLock lock;
    private String result = "";

    public ResultCard(PageLock lock) {
        this.lock = lock;
    }

    /** Sets the result text, cut at {@link #MAX_SHOWN}; the page shows it once the job has ended. */
    public void set(String text) {
        synchronized (lock) {
            result = PageText.cut(text, MAX_SHOWN);
            lock.changed();
        }
    }

    @Override
    public Snapshot snapshot() {
        return new ResultSnapshot(result);
    }

    record ResultSnapshot(String result) implements Snapshot {

        @Override
        public ResultView view(Frame frame) {
            return new ResultView(frame.terminal(), result);
        }
    }

    /**
     * The result as the page shows it; also what an application's template reads of it.
     *
     * @param terminal whether the job has ended: only the final page shows the result
     * @param result   the result text once the job has ended, else empty
     */
    public record ResultView(boolean terminal, String result) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JteresultGenerated.render(output, null, this);
        }
    }
}
