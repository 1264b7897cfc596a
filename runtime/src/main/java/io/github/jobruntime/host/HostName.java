package io.github.jobruntime.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The name of the host the job runs on, for the page's footer. */
public final class HostName {

    private HostName() {
    }

    public static String get() {
        return Cached.NAME;
    }

    private static String read() {
        // InetAddress.getLocalHost() may wait for DNS; the kernel's name is what `hostname` prints.
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank()) {
            try {
                name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException | UnsupportedOperationException e) {
                name = "unknown host";
            }
        }
        return name;
    }

    /** Read once: the first page and the job's reporter both show it. */
    private static final class Cached {
        static final String NAME = read();
    }
}
