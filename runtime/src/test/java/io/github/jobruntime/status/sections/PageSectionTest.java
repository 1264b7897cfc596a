package io.github.jobruntime.status.sections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the sanitizer keeps of a section's HTML and what it removes: known XSS vectors among them. */
class PageSectionTest {

    private static final String PNG = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==";

    private static final Set<String> FORBIDDEN = Set.of("script", "style", "iframe", "frame", "form", "input",
            "button", "svg", "math", "object", "embed", "link", "meta", "base", "noscript", "textarea", "select");

    @ParameterizedTest
    @ValueSource(strings = {
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"data:image/png;base64,AAAA\" onerror=\"alert(1)\">",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<img src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<style>@import url(//evil.example/x.css);</style>",
        "<p style=\"background:url(//evil.example/track.png)\">x</p>",
        "<p style=\"background:u\\rl(//evil.example/track.png)\">x</p>",
        "<div style=\"width:expression(alert(1))\">x</div>",
        "<iframe src=\"//evil.example\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<form action=\"//evil.example\"><input name=p><button>go</button></form>",
        "<object data=\"//evil.example/x.swf\"></object><embed src=\"//evil.example/x.swf\">",
        "<link rel=stylesheet href=\"//evil.example/x.css\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=//evil.example\">",
        "<base href=\"//evil.example/\">",
        "<body onload=alert(1)>",
        "<details open ontoggle=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
        "<img src=\"https://evil.example/track.png\">",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<div onclick=\"alert(1)\" onmouseover=alert(1)>x</div>",
    })
    void knownXssVectorsLeaveNothingThatRunsOrLoads(String vector) {
        String clean = PageSection.sanitize(vector);

        // Read back as a browser would: what is left as elements and attributes, not text that merely mentions them.
        for (Element element : Jsoup.parseBodyFragment(clean).body().getAllElements()) {
            assertFalse(FORBIDDEN.contains(element.normalName()), element.normalName() + " left in " + clean);
            for (Attribute attribute : element.attributes()) {
                String name = attribute.getKey().toLowerCase(Locale.ROOT);
                String value = attribute.getValue().toLowerCase(Locale.ROOT).replaceAll("\\s", "");
                assertFalse(name.startsWith("on"), "event handler left in " + clean);
                if (name.equals("href") || name.equals("src")) {
                    assertTrue(value.startsWith("https:") || value.startsWith("http:") || value.startsWith("mailto:")
                            || value.startsWith("data:image/"), name + "=" + value + " left in " + clean);
                    assertFalse(value.contains("evil.example") && name.equals("src"), "external picture in " + clean);
                }
                if (name.equals("style")) {
                    assertFalse(value.contains("url(") || value.contains("expression(") || value.contains("\\"),
                            "loading style left in " + clean);
                }
            }
        }
    }

    @Test
    void tablesListsFormattingHeadingsLinksAndEmbeddedPicturesStay() {
        String html = "<h3>Mesh</h3><table><thead><tr><th>cells</th><th>faces</th></tr></thead>"
                + "<tbody><tr><td colspan=\"2\">1,245,760</td></tr></tbody></table>"
                + "<ul><li><b>bold</b></li><li><em>em</em> <code>x</code> <sub>2</sub></li></ul><ol><li>one</li></ol>"
                + "<p class=\"wide\" style=\"text-align:right;color:#333\">right</p>"
                + "<a href=\"https://example.org/case\">case</a>"
                + "<img src=\"" + PNG + "\" alt=\"dot\">";

        String clean = PageSection.sanitize(html);

        assertEquals("<h3>Mesh</h3><table><thead><tr><th>cells</th><th>faces</th></tr></thead>"
                + "<tbody><tr><td colspan=\"2\">1,245,760</td></tr></tbody></table>"
                + "<ul><li><b>bold</b></li><li><em>em</em> <code>x</code> <sub>2</sub></li></ul><ol><li>one</li></ol>"
                + "<p class=\"wide\" style=\"text-align:right;color:#333\">right</p>"
                + "<a href=\"https://example.org/case\" rel=\"noopener noreferrer nofollow\">case</a>"
                + "<img src=\"" + PNG + "\" alt=\"dot\">", clean);
    }

    @Test
    void textOfRemovedElementsIsKeptAsText() {
        assertEquals("<span>go</span> <b>on</b>", PageSection.sanitize("<form><span>go</span> <b>on</b></form>"));
    }

    @Test
    void aFragmentOverTheCapBecomesANote() {
        PageSection section = PageSection.of("Results", "x".repeat(SectionsCard.MAX_SECTION_BYTES + 1));

        assertNull(section.html());
        assertTrue(section.capNote().startsWith("section Results is 256 KiB, over the 256 KiB cap"),
                section.capNote());
    }
}
