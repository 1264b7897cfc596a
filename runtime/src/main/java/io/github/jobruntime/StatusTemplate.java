package io.github.jobruntime;

import gg.jte.html.HtmlInterceptor;
import gg.jte.html.HtmlTemplateOutput;

/**
 * An application's own status page: a jte template precompiled in the application's build, taking one
 * {@code @param StatusPageView page}. The {@code render} method jte generates for it has this shape, so the
 * template is passed as a method reference:
 *
 * <pre>{@code
 * JobRuntime.builder().template(JtestatusGenerated::render)
 * }</pre>
 *
 * The page must contain a {@code <head>} tag, where the platform puts its {@code notify_running_job}. A
 * template that throws, or writes no {@code <head>}, is replaced by the default page, with one warning in the
 * log; the job goes on.
 */
@FunctionalInterface
@SuppressWarnings("InvalidInlineTag") // {@code @param ...} is jte's syntax, shown as code, not a javadoc tag
public interface StatusTemplate {

    /**
     * Writes the whole page.
     *
     * @param output      where the HTML goes; text written through jte's {@code ${…}} is escaped
     * @param interceptor jte's hook, {@code null} here
     * @param page        what the page shows, and the default page's parts
     */
    void render(HtmlTemplateOutput output, HtmlInterceptor interceptor, StatusPageView page);
}
