package io.github.jobruntime.status.images;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The pictures the page embeds, the one list of them: raster formats every browser shows, and SVG, which an
 * {@code <img>} renders without running its scripts. Read by the job's images ({@code ctx.image}), the images of
 * {@code run --image} and the pictures inside {@code --section} fragments.
 */
public enum ImageType {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg", "jpeg"),
    GIF("image/gif", "gif"),
    WEBP("image/webp", "webp"),
    SVG("image/svg+xml", "svg");

    /** A data URI of one of these types; a {@code data:text/html} source is a document, not a picture. */
    public static final Pattern DATA_URI = Pattern.compile(Arrays.stream(values()).map(t -> Pattern.quote(t.mediaType))
            .collect(Collectors.joining("|", "(?i)data:(", ")[;,].*")), Pattern.DOTALL);

    private final String mediaType;
    @SuppressWarnings("ImmutableEnumChecker") // made by List.of, which cannot be changed
    private final List<String> extensions;

    ImageType(String mediaType, String... extensions) {
        this.mediaType = mediaType;
        this.extensions = List.of(extensions);
    }

    /** {@return the media type, e.g. {@code image/svg+xml}} */
    public String mediaType() {
        return mediaType;
    }

    /** {@return the type of a media type in lower case, or empty when the page cannot embed it} */
    static Optional<ImageType> ofMediaType(String mediaType) {
        return Arrays.stream(values()).filter(t -> t.mediaType.equals(mediaType)).findFirst();
    }

    /** {@return the type of a file by its extension in any case, {@code plot.SVG} too, or empty} */
    public static Optional<ImageType> ofFileName(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.extensions.contains(extension)).findFirst();
    }

    /** {@return the media types for a message: {@code image/png, image/jpeg, ...}} */
    static String mediaTypes() {
        return Arrays.stream(values()).map(ImageType::mediaType).collect(Collectors.joining(", "));
    }

    /** {@return the extensions for a message: {@code .png, .jpg, ... or .svg}} */
    public static String extensions() {
        List<String> all = Arrays.stream(values()).flatMap(t -> t.extensions.stream()).map(e -> "." + e).toList();
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }
}
