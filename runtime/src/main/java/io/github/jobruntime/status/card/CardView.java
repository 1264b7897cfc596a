package io.github.jobruntime.status.card;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;

/**
 * A card as one page shows it: its text already formatted (plain, escaped by the template) and the template that
 * lays it out. Written, it is finished HTML: a {@code <section class="card">}, or nothing when the card has
 * nothing to show.
 */
public interface CardView extends Content {

    /**
     * Writes the card with its template, the class jte generates from {@code src/main/jte/CARD/CARD.jte}, called
     * as the engine would call it (HTML output, no interceptor): the engine finds a template by reflection and
     * spins method handles for that, which costs every job about 1 MB of memory at start.
     */
    void render(HtmlTemplateOutput output);

    /** An app's template hands its own HTML output through; any other output gets jte's HTML escaping. */
    @Override
    default void writeTo(TemplateOutput output) {
        render(output instanceof HtmlTemplateOutput html ? html : new OwaspHtmlTemplateOutput(output));
    }
}
