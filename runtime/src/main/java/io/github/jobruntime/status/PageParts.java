package io.github.jobruntime.status;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import gg.jte.html.HtmlInterceptor;
import gg.jte.html.HtmlTemplateOutput;
import gg.jte.html.OwaspHtmlTemplateOutput;
import io.github.jobruntime.StatusPageView;

/** The default page's parts, each the class jte generated from its template in {@code src/main/jte}. */
final class PageParts implements StatusPageView.Parts {

    /** The shape of the {@code render} method jte generates for a part. */
    private interface Part {
        void render(HtmlTemplateOutput output, HtmlInterceptor interceptor, StatusView view);
    }

    private final StatusView view;

    PageParts(StatusView view) {
        this.view = view;
    }

    @Override
    public Content head() {
        return part(JteheadGenerated::render);
    }

    @Override
    public Content header() {
        return part(JteheaderGenerated::render);
    }

    @Override
    public Content progress() {
        return part(JteprogressGenerated::render);
    }

    @Override
    public Content resources() {
        return part(JteresourcesGenerated::render);
    }

    @Override
    public Content controls() {
        return part(JtecontrolsGenerated::render);
    }

    @Override
    public Content note() {
        return part(JtenoteGenerated::render);
    }

    @Override
    public Content result() {
        return part(JteresultGenerated::render);
    }

    @Override
    public Content facts() {
        return part(JtefactsGenerated::render);
    }

    @Override
    public Content sections() {
        return part(JtesectionsGenerated::render);
    }

    @Override
    public Content metrics() {
        return part(JtemetricsGenerated::render);
    }

    @Override
    public Content images() {
        return part(JteimagesGenerated::render);
    }

    @Override
    public Content messages() {
        return part(JtemessagesGenerated::render);
    }

    @Override
    public Content log() {
        return part(JtelogGenerated::render);
    }

    @Override
    public Content footer() {
        return part(JtefooterGenerated::render);
    }

    private Content part(Part part) {
        return output -> part.render(html(output), null, view);
    }

    /** An app's template hands its own HTML output through; any other output gets jte's HTML escaping. */
    private static HtmlTemplateOutput html(TemplateOutput output) {
        return output instanceof HtmlTemplateOutput html ? html : new OwaspHtmlTemplateOutput(output);
    }
}
