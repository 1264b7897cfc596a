package io.github.jobruntime.command;

import io.github.jobruntime.JobContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code --section TITLE=PATH}: an HTML fragment the command writes and rewrites, shown sanitized under its
 * title in its latest version.
 */
public record SectionFile(String title, Path path) {

    /** Files larger than this are not even read: the page takes 256 KiB of a section. */
    private static final long MAX_READ_BYTES = 1024 * 1024;

    /**
     * Reads a {@code --section TITLE=PATH} specification.
     *
     * @throws IllegalArgumentException when {@code spec} is not TITLE=PATH
     */
    public static SectionFile parse(String spec) {
        int equals = spec.indexOf('=');
        if (equals <= 0 || spec.substring(0, equals).isBlank() || spec.substring(equals + 1).isBlank()) {
            throw new IllegalArgumentException("\"" + spec + "\" is not TITLE=PATH - e.g. "
                    + "'Mesh quality=postProcessing/mesh.html'");
        }
        return new SectionFile(spec.substring(0, equals).strip(), Path.of(spec.substring(equals + 1).strip()));
    }

    WatchedFiles.File watched(JobContext ctx) {
        return new WatchedFiles.File(path, MAX_READ_BYTES,
                bytes -> ctx.section(title, new String(bytes, StandardCharsets.UTF_8)));
    }
}
