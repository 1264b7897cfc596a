package io.github.jobruntime.status;

import gg.jte.Content;
import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.StatusPageView;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.controls.ControlsCard;
import io.github.jobruntime.status.facts.FactsCard;
import io.github.jobruntime.status.header.HeaderCard;
import io.github.jobruntime.status.images.ImagesCard;
import io.github.jobruntime.status.log.LogCard;
import io.github.jobruntime.status.messages.MessagesCard;
import io.github.jobruntime.status.metrics.MetricsCard;
import io.github.jobruntime.status.note.NoteCard;
import io.github.jobruntime.status.progress.ProgressCard;
import io.github.jobruntime.status.resources.ResourcesCard;
import io.github.jobruntime.status.result.ResultCard;
import io.github.jobruntime.status.sections.SectionsCard;

/**
 * The default page's parts for an application's template: the page's head and footer, made of its frame, and
 * each card the public API names.
 */
final class PageParts implements StatusPageView.Parts {

    private final StatusView view;

    PageParts(StatusView view) {
        this.view = view;
    }

    @Override
    public Content head() {
        return new Head(view.frame());
    }

    @Override
    public Content header() {
        return view.card(HeaderCard.class);
    }

    @Override
    public Content progress() {
        return view.card(ProgressCard.class);
    }

    @Override
    public Content resources() {
        return view.card(ResourcesCard.class);
    }

    @Override
    public Content controls() {
        return view.card(ControlsCard.class);
    }

    @Override
    public Content note() {
        return view.card(NoteCard.class);
    }

    @Override
    public Content result() {
        return view.card(ResultCard.class);
    }

    @Override
    public Content facts() {
        return view.card(FactsCard.class);
    }

    @Override
    public Content sections() {
        return view.card(SectionsCard.class);
    }

    @Override
    public Content metrics() {
        return view.card(MetricsCard.class);
    }

    @Override
    public Content images() {
        return view.card(ImagesCard.class);
    }

    @Override
    public Content messages() {
        return view.card(MessagesCard.class);
    }

    @Override
    public Content log() {
        return view.card(LogCard.class);
    }

    @Override
    public Content footer() {
        return new Footer(view.frame());
    }

    /** What goes inside {@code <head>}: the meta tags scripts read, the title and the styles of every card. */
    record Head(Frame frame) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JteheadGenerated.render(output, null, frame);
        }
    }

    /** The line naming job-runtime's version and the time the page was written. */
    record Footer(Frame frame) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JtefooterGenerated.render(output, null, frame);
        }
    }
}
