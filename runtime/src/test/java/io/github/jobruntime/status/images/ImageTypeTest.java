package io.github.jobruntime.status.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTypeTest {

    @ParameterizedTest
    @CsvSource({"plot.png, PNG", "photo.JPG, JPEG", "photo.jpeg, JPEG", "anim.gif, GIF", "x.webp, WEBP",
        "mesh.Svg, SVG", "archive.tar.svg, SVG"})
    void aFileNameTellsItsTypeByItsExtensionInAnyCase(String name, ImageType type) {
        assertEquals(Optional.of(type), ImageType.ofFileName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plot", "plot.", "notes.html", "png", "plot.png.txt", "plot.tiff"})
    void otherFileNamesHaveNoType(String name) {
        assertEquals(Optional.empty(), ImageType.ofFileName(name));
    }

    @Test
    void everyMediaTypeIsFoundAndListedForMessages() {
        for (ImageType type : ImageType.values()) {
            assertEquals(Optional.of(type), ImageType.ofMediaType(type.mediaType()));
        }
        assertEquals(Optional.empty(), ImageType.ofMediaType("text/html"));
        assertEquals("image/png, image/jpeg, image/gif, image/webp, image/svg+xml", ImageType.mediaTypes());
        assertEquals(".png, .jpg, .jpeg, .gif, .webp or .svg", ImageType.extensions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data:image/png;base64,AAAA", "DATA:IMAGE/SVG+XML,<svg/>", "data:image/jpeg;base64,\nAA",
        "data:image/webp;base64,", "data:image/gif,x"})
    void dataUrisOfThePicturesMatch(String uri) {
        assertTrue(ImageType.DATA_URI.matcher(uri).matches(), uri);
    }

    @ParameterizedTest
    @ValueSource(strings = {"data:text/html;base64,AAAA", "data:image/svgxxml,<svg/>", "data:image/tiff;base64,AA",
        "data:image/png", " data:image/png;base64,AA", "https://example.org/a.png"})
    void otherSourcesDoNot(String uri) {
        assertFalse(ImageType.DATA_URI.matcher(uri).matches(), uri);
    }
}
