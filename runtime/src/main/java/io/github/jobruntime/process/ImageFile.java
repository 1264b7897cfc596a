package io.github.jobruntime.process;

import io.github.jobruntime.JobContext;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --image PATH}: an image the command writes and rewrites, shown on the page in its latest version.
 *
 * @param mediaType from the file name's extension
 */
public record ImageFile(Path path, String mediaType) {

    private static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg",
            "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp", "svg", "image/svg+xml");

    /** Files larger than this are not even read: the page's own cap is far below. */
    private static final long MAX_READ_BYTES = 64L * 1024 * 1024;

    WatchedFiles.File watched(JobContext ctx) {
        return new WatchedFiles.File(path, MAX_READ_BYTES,
                bytes -> ctx.image(path.getFileName().toString(), bytes, mediaType));
    }

    /**
     * Reads an {@code --image} path.
     *
     * @throws IllegalArgumentException when the extension is not that of an image a browser shows
     */
    public static ImageFile parse(String path) {
        String name = Path.of(path).getFileName() == null ? "" : Path.of(path).getFileName().toString();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new IllegalArgumentException("\"" + path + "\" is not a .png, .jpg, .jpeg, .gif, .webp or .svg file - "
                    + "the page can only embed those");
        }
        return new ImageFile(Path.of(path), type);
    }
}
