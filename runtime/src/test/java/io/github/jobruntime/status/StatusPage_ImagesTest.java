package io.github.jobruntime.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.status.images.ImagesCard;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatusPage_ImagesTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private static final Pattern IMG_ALT = Pattern.compile("<img src=\"data:[^\"]*\" alt=\"([^\"]*)\">");
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

    private final StatusPage page = new StatusPage("node042", "1.2.3");
    private final StatusModel model = new StatusModel("Solver", 20);

    private String render() {
        return new String(page.render(model.snapshot(), NOW, Double.NaN), StandardCharsets.UTF_8);
    }

    private static List<String> shownImages(String html) {
        return IMG_ALT.matcher(html).results().map(m -> m.group(1)).toList();
    }

    private static byte[] bytes(int size) {
        return new byte[size];
    }

    @Test
    void imageIsEmbeddedAsADataUriWithItsNameAsAlt() {
        model.image("residuals.png", PNG, "image/png");

        String html = render();

        assertTrue(html.contains("<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(PNG)
                + "\" alt=\"residuals.png\"><figcaption>residuals.png</figcaption>"), html);
    }

    @Test
    void everyAllowedMediaTypeIsEmbeddedWhateverItsCase() {
        model.image("a", PNG, "IMAGE/PNG");
        model.image("b", PNG, "image/jpeg");
        model.image("c", PNG, "image/gif");
        model.image("d", PNG, "image/webp");
        model.image("e", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8),
                " image/svg+xml ");

        String html = render();

        assertEquals(List.of("a", "b", "c", "d", "e"), shownImages(html));
        assertTrue(html.contains("data:image/png;base64,"), html);
        assertTrue(html.contains("data:image/svg+xml;base64,PHN2Zy"), "SVG as base64, inside an <img>: " + html);
    }

    @Test
    void anotherMediaTypeIsRefusedNamingItAndTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.image("plot", PNG, "text/html"));

        assertEquals("image 'plot' has media type 'text/html', which the page cannot embed - use one of image/png, "
                + "image/jpeg, image/gif, image/webp, image/svg+xml", e.getMessage());
        assertFalse(render().contains("plot"), "nothing shown");
    }

    @Test
    void imageOverTheCapIsANoteInsteadOfTheImage() {
        model.image("field.png", bytes((int) (3.2 * 1024 * 1024)), "image/png");

        String html = render();

        assertEquals(List.of(), shownImages(html));
        assertTrue(html.contains("<p class=\"cap\">image field.png is 3.2 MiB, over the 1 MiB cap — shrink it or "
                + "lower its resolution</p>"), html);
        assertTrue(html.length() < 50_000, "page of " + html.length() + " characters");
    }

    @Test
    void imageAtTheCapIsEmbedded() {
        model.image("field.png", bytes(ImagesCard.MAX_IMAGE_BYTES), "image/png");

        assertEquals(List.of("field.png"), shownImages(render()));
    }

    @Test
    void newImageOfTheSameNameReplacesTheOldInItsPlace() {
        model.image("mesh", PNG, "image/png");
        model.image("residuals", PNG, "image/png");
        model.image("mesh", "<svg/>".getBytes(StandardCharsets.UTF_8), "image/svg+xml");

        String html = render();

        assertEquals(List.of("mesh", "residuals"), shownImages(html));
        assertTrue(html.contains("data:image/svg+xml;base64,PHN2Zy8+\" alt=\"mesh\""), html);
    }

    @Test
    void aNinthImageReplacesTheLeastRecentlyUpdated() {
        for (int i = 1; i <= 8; i++) {
            model.image("image " + i, PNG, "image/png");
        }
        model.image("image 1", PNG, "image/png");

        model.image("image 9", PNG, "image/png");

        assertEquals(List.of("image 1", "image 3", "image 4", "image 5", "image 6", "image 7", "image 8", "image 9"),
                shownImages(render()));
    }

    @Test
    void beyondFourMebibytesInAllTheLeastRecentlyUpdatedImagesLeave() {
        for (int i = 1; i <= 5; i++) {
            model.image("snapshot " + i, bytes(ImagesCard.MAX_IMAGE_BYTES), "image/png");
        }

        String html = render();

        assertEquals(List.of("snapshot 2", "snapshot 3", "snapshot 4", "snapshot 5"), shownImages(html));
        assertTrue(html.length() < 4 * 1.34 * ImagesCard.MAX_IMAGE_BYTES + 20_000, "page of " + html.length());
    }

    @Test
    void imagesOverTheCapDoNotCountAgainstTheTotal() {
        for (int i = 1; i <= 4; i++) {
            model.image("snapshot " + i, bytes(ImagesCard.MAX_IMAGE_BYTES), "image/png");
        }

        model.image("huge", bytes(ImagesCard.MAX_IMAGE_BYTES + 1), "image/png");

        String html = render();
        assertEquals(List.of("snapshot 1", "snapshot 2", "snapshot 3", "snapshot 4"), shownImages(html));
        assertTrue(html.contains("image huge is 1 MiB, over the 1 MiB cap"), "rounded, but over: " + html);
    }

    @Test
    void namesAreEscapedInAltAndCaption() {
        model.image("\"><script>alert(1)</script>", PNG, "image/png");
        model.image("<b>big</b>", bytes(2 * ImagesCard.MAX_IMAGE_BYTES), "image/png");

        String html = render();

        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<b>"), html);
        assertTrue(html.contains("alt=\"&#34;>&lt;script>alert(1)&lt;/script>\">"), html);
        assertTrue(html.contains("<figcaption>\"&gt;&lt;script&gt;alert(1)&lt;/script&gt;</figcaption>"), html);
        assertTrue(html.contains("image &lt;b&gt;big&lt;/b&gt; is 2 MiB"), html);
    }

    @Test
    void aNewImageChangesThePage() {
        model.image("plot", PNG, "image/png");
        StatusSnapshot before = model.snapshot();

        model.image("plot", PNG, "image/png");

        assertFalse(model.snapshot().sameContent(before), "the reporter rewrites the page on its next tick");
    }
}
