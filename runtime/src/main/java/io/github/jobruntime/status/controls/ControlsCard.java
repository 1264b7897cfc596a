package io.github.jobruntime.status.controls;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.Control;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import java.util.List;

/** The buttons the page shows while the job runs, with their script; nothing on the final page. */
public final class ControlsCard implements Card {

    private final PageLock lock;
    private List<Control> controls = List.of();

    public ControlsCard(PageLock lock) {
        this.lock = lock;
    }

    /** Sets the buttons. */
    public void set(List<Control> buttons) {
        List<Control> copy = List.copyOf(buttons);
        synchronized (lock) {
            controls = copy;
            lock.changed();
        }
    }

    @Override
    public Snapshot snapshot() {
        return new ControlsSnapshot(controls);
    }

    record ControlsSnapshot(List<Control> controls) implements Snapshot {

        @Override
        public CardView view(Frame frame) {
            return new ControlsView(frame.terminal() ? List.of() : controls, frame.host(), frame.startedAtText());
        }
    }

    /**
     * @param host      with the start time, names the job in the tab's storage, where a pending confirmation
     *                  outlives a reload of the page
     */
    record ControlsView(List<Control> controls, String host, String startedAt) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JtecontrolsGenerated.render(output, null, this);
        }
    }
}
