package io.github.jobruntime.status.sections;

import gg.jte.Content;
import io.github.jobruntime.status.images.ImageType;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;

/**
 * A titled piece of HTML of the job's own, sanitized once when it is set: tables, lists, text formatting,
 * headings, links and embedded ({@code data:image/…}) pictures stay; scripts, event handlers, {@code javascript:}
 * and other non-web links, styles that could load anything, frames, forms and every other element or attribute
 * not on the safelist go. The sanitizing is jsoup's {@link Cleaner}, a maintained safelist cleaner: the page is
 * a platform's, shown to its users, so no hand-written filter decides what runs there.
 *
 * @param html the sanitized HTML, or {@code null} when the fragment was over the cap
 * @param capNote why the section shows no HTML, or empty
 */
record PageSection(String title, Content html, String capNote) {

    private static final Safelist SAFELIST = Safelist.relaxed()
            .addTags("hr", "figure", "figcaption", "mark", "s", "del", "ins", "kbd", "samp", "var", "abbr",
                    "details", "summary")
            .addAttributes(":all", "class", "title", "style")
            .addProtocols("img", "src", "data")
            .removeProtocols("img", "src", "http", "https")
            .addEnforcedAttribute("a", "rel", "noopener noreferrer nofollow");

    /** CSS that fetches or runs something; a declaration holding any of these loses its whole style attribute. */
    private static final Pattern LOADING_STYLE = Pattern.compile(
            "(?i)url\\s*\\(|image(-set)?\\s*\\(|@import|expression\\s*\\(|behavior|binding|\\\\|/\\*|&");

    PageSection {
        Objects.requireNonNull(title, "section title");
        Objects.requireNonNull(capNote, "section cap note");
    }

    /**
     * Sanitizes {@code html}; a fragment over {@link SectionsCard#MAX_SECTION_BYTES} is replaced by a note saying so.
     */
    static PageSection of(String title, String html) {
        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > SectionsCard.MAX_SECTION_BYTES) {
            return new PageSection(title, null, String.format(Locale.ROOT,
                    "section %s is %d KiB, over the %d KiB cap - write a shorter fragment or smaller pictures",
                    title, bytes / 1024, SectionsCard.MAX_SECTION_BYTES / 1024));
        }
        String clean = sanitize(html);
        return new PageSection(title, output -> output.writeContent(clean), "");
    }

    static String sanitize(String html) {
        Document dirty = Jsoup.parseBodyFragment(html, "");
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        for (Element image : clean.select("img[src]")) {
            if (!ImageType.DATA_URI.matcher(image.attr("src")).matches()) {
                image.removeAttr("src");
            }
        }
        for (Element styled : clean.select("[style]")) {
            if (LOADING_STYLE.matcher(styled.attr("style")).find()) {
                styled.removeAttr("style");
            }
        }
        clean.outputSettings().prettyPrint(false);
        return clean.body().html();
    }
}
