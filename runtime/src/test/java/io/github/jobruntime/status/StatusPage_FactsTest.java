package io.github.jobruntime.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.StatusPageView.Fact;
import io.github.jobruntime.status.facts.FactsCard;
import io.github.jobruntime.status.sections.SectionsCard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The table of key figures and the sections of the job's own HTML, on the default page. */
class StatusPage_FactsTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private static final Pattern ROW = Pattern.compile("<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td></tr>");

    private final StatusModel model = new StatusModel("Solver", 20);

    private String render() {
        return new String(new StatusPage("node042", "1.2.3").render(model.snapshot(), NOW, Double.NaN),
                StandardCharsets.UTF_8);
    }

    private static List<String> rows(String html) {
        List<String> rows = new ArrayList<>();
        Matcher m = ROW.matcher(html);
        while (m.find()) {
            rows.add(m.group(1) + "=" + m.group(2));
        }
        return rows;
    }

    @Test
    void factsKeepTheOrderTheyWereFirstSetInAndALaterValueReplacesTheEarlier() {
        model.fact("Case", "cavity");
        model.fact("Cores", "4");
        model.fact("Mesh cells", "12,000");
        model.fact("Cores", "8");

        assertEquals(List.of("Case=cavity", "Cores=8", "Mesh cells=12,000"), rows(render()));
        assertEquals(List.of(new Fact("Case", "cavity"), new Fact("Cores", "8"), new Fact("Mesh cells", "12,000")),
                ((FactsCard.FactsView) model.snapshot().cards().get(FactsCard.class)).facts());
    }

    @Test
    void factsAreEscaped() {
        model.fact("<b>name</b>", "<script>alert(1)</script>");

        String html = render();

        assertEquals(List.of("&lt;b&gt;name&lt;/b&gt;=&lt;script&gt;alert(1)&lt;/script&gt;"), rows(html));
        assertFalse(html.contains("<script>alert"), html);
    }

    @Test
    void factsAreBoundedInCountAndLength() {
        for (int i = 1; i <= FactsCard.MAX_FACTS + 10; i++) {
            model.fact("fact " + i, "v".repeat(10_000));
        }
        model.fact("fact 1", "again");

        List<String> rows = rows(render());

        assertEquals(FactsCard.MAX_FACTS, rows.size());
        assertEquals("fact 1=again", rows.get(0));
        assertEquals("fact " + FactsCard.MAX_FACTS + "=" + "v".repeat(FactsCard.MAX_VALUE) + " …",
                rows.get(FactsCard.MAX_FACTS - 1));
    }

    @Test
    void aBlankFactNameIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.fact(" ", "x"));
        assertEquals("fact name must not be blank, got ' '", e.getMessage());
    }

    @Test
    void pageWithoutFactsOrSectionsHasNeither() {
        String html = render();

        assertFalse(html.contains("Key figures"), html);
        assertFalse(html.contains("class=\"card section\""), html);
    }

    @Test
    void sectionsShowTheirTitleAndSanitizedHtmlAndALaterOneReplacesTheEarlierInPlace() {
        model.section("Summary", "<p>first version</p>");
        model.section("Mesh <quality>", "<table><tr><td>ok</td></tr></table><script>alert(1)</script>");
        model.section("Summary", "<p onclick=\"alert(1)\">second</p>");

        String html = render();

        int summary = html.indexOf("<h2>Summary</h2>\n<p>second</p>");
        int mesh = html.indexOf("<h2>Mesh &lt;quality&gt;</h2>\n<table><tbody><tr><td>ok</td></tr></tbody></table>");
        assertTrue(summary > 0 && mesh > summary, html);
        assertFalse(html.contains("first version"), html);
        assertFalse(html.contains("alert(1)"), html);
    }

    @Test
    void anEmptySectionRemovesIt() {
        model.section("Summary", "<p>first version</p>");
        model.section("Summary", "");

        assertFalse(render().contains("Summary"));
        assertFalse(render().contains("first version"));
    }

    @Test
    void sectionsAreBoundedInCountAndSize() {
        for (int i = 1; i <= SectionsCard.MAX_SECTIONS + 3; i++) {
            model.section("S" + i, "<p>x</p>");
        }
        model.section("S1", "<p>" + "y".repeat(SectionsCard.MAX_SECTION_BYTES) + "</p>");

        String html = render();

        assertEquals(SectionsCard.MAX_SECTIONS, html.split("class=\"card section\"", -1).length - 1, html);
        assertFalse(html.contains("<h2>S" + (SectionsCard.MAX_SECTIONS + 1) + "</h2>"));
        assertTrue(html.contains("<h2>S1</h2>\n<p class=\"cap\">section S1 is 256 KiB, over the 256 KiB cap"), html);
    }
}
