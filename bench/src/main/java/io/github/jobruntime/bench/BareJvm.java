package io.github.jobruntime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The floor of the start rows: a JVM that writes a small status.html into the folder given and ends. */
public final class BareJvm {

    private BareJvm() {
    }

    public static void main(String[] args) throws IOException {
        Files.writeString(Path.of(args[0], "status.html"), "<html><head></head><body>bare JVM</body></html>");
    }
}
