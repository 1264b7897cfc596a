package io.github.jobruntime.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a service folder the way the platform does, for assertions. */
public final class ServiceDirs {

    private static final Pattern STATE = Pattern.compile("<meta name=\"job-state\" content=\"([a-z]+)\">");
    private static final Pattern PROGRESS = Pattern.compile("<meta name=\"job-progress\" content=\"(-?\\d+)/(-?\\d+)\">");

    private ServiceDirs() {
    }

    /** {@return status.html, or "" while it does not exist} */
    public static String status(Path serviceDir) {
        return readOrEmpty(serviceDir.resolve("status.html"));
    }

    /** {@return result.txt, or "" while it does not exist} */
    public static String result(Path serviceDir) {
        return readOrEmpty(serviceDir.resolve("result.txt"));
    }

    /** {@return the state the page shows, lower case, or "" when there is no page} */
    public static String state(Path serviceDir) {
        Matcher m = STATE.matcher(status(serviceDir));
        return m.find() ? m.group(1) : "";
    }

    /** {@return the work done that the page shows, or -1 when there is no page} */
    public static long done(Path serviceDir) {
        Matcher m = PROGRESS.matcher(status(serviceDir));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * {@return the raw value of the page's figure {@code data-jr="NAME"} (cores, bytes or seconds), or NaN when the
     * page does not show it}
     */
    public static double figure(Path serviceDir, String name) {
        Matcher m = Pattern.compile("data-jr=\"" + Pattern.quote(name) + "\" data-value=\"([-0-9.]+)\"")
                .matcher(status(serviceDir));
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** {@return the file's text, or an empty string while it does not exist} */
    public static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
