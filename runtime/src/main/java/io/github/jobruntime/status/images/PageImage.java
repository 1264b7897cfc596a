package io.github.jobruntime.status.images;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import gg.jte.html.escape.Escape;
import gg.jte.output.StringOutput;
import io.github.jobruntime.status.card.Formats;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A picture on the page: an {@code <img>} with a data URI, encoded once when the job hands it over so that
 * every render only copies bytes; or, over the size cap, a note saying so instead.
 *
 * @param size     bytes of the encoded image as the job gave it, counted against the caps
 * @param embedded the {@code <img>} element, or {@code null} when the image is over the cap
 * @param capNote  why the image is not shown, or empty
 */
record PageImage(String name, int size, Content embedded, String capNote) {

    /**
     * Checks the media type and encodes the image, or makes the cap note when it is over
     * {@link ImagesCard#MAX_IMAGE_BYTES}.
     *
     * @throws IllegalArgumentException naming the media type when it is not one of {@link ImageType}
     */
    static PageImage of(String name, byte[] image, String mediaType) {
        String type = mediaType.strip().toLowerCase(Locale.ROOT);
        if (ImageType.ofMediaType(type).isEmpty()) {
            throw new IllegalArgumentException("image '" + name + "' has media type '" + mediaType
                    + "', which the page cannot embed - use one of " + ImageType.mediaTypes());
        }
        if (image.length > ImagesCard.MAX_IMAGE_BYTES) {
            return new PageImage(name, image.length, null, "image " + name + " is " + Formats.size(image.length)
                    + ", over the " + Formats.size(ImagesCard.MAX_IMAGE_BYTES)
                    + " cap — shrink it or lower its resolution");
        }
        // An SVG shown through <img> is sandboxed by the browser: no scripts run and nothing external loads,
        // so even a hostile SVG cannot reach the page or the platform.
        StringOutput alt = new StringOutput(name.length() + 16);
        Escape.htmlAttribute(name, alt);
        return new PageImage(name, image.length, new Tag(
                ("<img src=\"data:" + type + ";base64,").getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().encode(image),
                ("\" alt=\"" + alt + "\">").getBytes(StandardCharsets.UTF_8)), "");
    }

    /**
     * The {@code <img>} element as bytes, handed to the output as they are: base64 and the checked media type
     * need no escaping, and the name was escaped when the tag was made.
     */
    @SuppressWarnings("ArrayRecordComponent") // written out once, never compared or hashed
    private record Tag(byte[] head, byte[] base64, byte[] tail) implements Content {

        @Override
        public void writeTo(TemplateOutput output) {
            output.writeBinaryContent(head);
            output.writeBinaryContent(base64);
            output.writeBinaryContent(tail);
        }
    }
}
