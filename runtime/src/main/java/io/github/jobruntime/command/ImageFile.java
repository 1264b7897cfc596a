package io.github.jobruntime.command;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.status.images.ImageType;
import java.nio.file.Path;

/**
 * {@code --image PATH}: an image the command writes and rewrites, shown on the page in its latest version.
 *
 * @param mediaType from the file name's extension
 */
public record ImageFile(Path path, String mediaType) {

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
        ImageType type = ImageType.ofFileName(name).orElseThrow(() -> new IllegalArgumentException(
                "\"" + path + "\" is not a " + ImageType.extensions() + " file - the page can only embed those"));
        return new ImageFile(Path.of(path), type.mediaType());
    }
}
