package io.github.jobruntime.bench;

import io.github.jobruntime.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The folder of one measured run: {@code service/} stands in for the platform's {@code /service}, and the
 * child process's output is captured beside it.
 */
record RunFolder(Path dir) {

    Path service() {
        return dir.resolve("service");
    }

    Path status() {
        return service().resolve("status.html");
    }

    /** {@return the platform's side of {@link #service()}: messages sent, the page and the result read} */
    Platform platform() {
        return Platform.at(service());
    }

    Path notifications() {
        return service().resolve("notifications.txt");
    }

    Path stdout() {
        return dir.resolve("stdout.txt");
    }

    Path stderr() {
        return dir.resolve("stderr.txt");
    }

    /** {@return the text of {@code file}, or empty when it does not exist (yet)} */
    static String readOrEmpty(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }
}
