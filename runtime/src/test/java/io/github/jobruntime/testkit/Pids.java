package io.github.jobruntime.testkit;

import io.github.jobruntime.process.ProcessStates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** The processes a test started through a script, which writes their pids to a file, one per line. */
public final class Pids {

    private Pids() {
    }

    /** Waits until {@code file} lists {@code count} pids and returns them. */
    public static List<Long> await(Path file, int count, Duration patience) {
        Awaitility.await().atMost(patience).until(() -> all(file).size() == count);
        return all(file);
    }

    /** {@return the pids listed in {@code file} so far, none while it does not exist} */
    public static List<Long> all(Path file) {
        return ServiceDirs.readOrEmpty(file).lines().map(String::strip).filter(line -> !line.isEmpty())
                .map(Long::parseLong).toList();
    }

    /**
     * Whether the process runs, as the kernel's process table says: a zombie whose parent does not reap it
     * (a container's init may not) has ended and counts as gone.
     */
    public static boolean running(long pid) {
        return ProcessStates.running(pid);
    }
}
