package io.github.jobruntime.status.sections;

import gg.jte.html.HtmlTemplateOutput;
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

/** Titled HTML fragments of the job's own, sanitized ({@link PageSection}), each a card of the page. */
public final class SectionsCard implements Card {

    /** How many sections the page shows. */
    public static final int MAX_SECTIONS = 16;
    /** Largest fragment taken, in UTF-8 bytes: data-URI pictures included, the page stays bounded. */
    public static final int MAX_SECTION_BYTES = 256 * 1024;

    private final PageLock lock;
    private final Map<String, PageSection> sections = new LinkedHashMap<>();
    private final NameLimit limit = new NameLimit("section", MAX_SECTIONS);

    public SectionsCard(PageLock lock) {
        this.lock = lock;
    }

    /**
     * Shows a titled HTML fragment, sanitized, replacing the section of the same title in its place; empty
     * {@code html} removes the section. New titles beyond {@link #MAX_SECTIONS} are ignored, with one warning.
     */
    public void put(String title, String html) {
        String key = PageText.cut(PageText.notBlank(title, "section title").strip(), PageText.MAX_NAME);
        Objects.requireNonNull(html, "section html");
        // Sanitized outside the lock: parsing a large fragment must not hold up the job's other threads.
        PageSection section = html.isBlank() ? null : PageSection.of(key, html);
        synchronized (lock) {
            if (section == null) {
                if (sections.remove(key) != null) {
                    lock.changed();
                }
            } else if (sections.containsKey(key) || limit.hasRoom(sections.keySet(), key)) {
                sections.put(key, section);
                lock.changed();
            }
        }
    }

    @Override
    public Snapshot snapshot() {
        return new SectionsView(List.copyOf(sections.values()));
    }

    /** The sections as the page shows them, the same on every page until one changes: the snapshot is the view. */
    record SectionsView(List<PageSection> sections) implements Snapshot, CardView {

        @Override
        public SectionsView view(Frame frame) {
            return this;
        }

        @Override
        public void render(HtmlTemplateOutput output) {
            JtesectionsGenerated.render(output, null, this);
        }
    }
}
