package io.github.jobruntime.testkit;

import io.github.jobruntime.os.ProcessStates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/** The processes a test started through a script, which writes their pids to a file, one per line. */
public final class Pids {

    private Pids() {
    }

    /**
     * A process a test started, known by its pid and its start time, so that clean-up never signals a later process
     * that got the same pid.
     */
    public record Started(long pid, long startTicks) {

        /** Sends SIGKILL to the process if it still runs; a process that got its pid since is left alone. */
        public void kill() {
            ProcessHandle.of(pid).filter(handle -> ProcessStates.startTicks(pid) == startTicks)
                    .ifPresent(ProcessHandle::destroyForcibly);
        }

        /** {@return whether the process runs; a later process with its pid does not count} */
        public boolean running() {
            return ProcessStates.startTicks(pid) == startTicks && ProcessStates.running(pid);
        }
    }

    /** {@return the running process {@code pid}, with its start time} */
    public static Started identify(long pid) {
        long start = ProcessStates.startTicks(pid);
        if (start < 0) {
            throw new AssertionError("process " + pid + " is not running");
        }
        return new Started(pid, start);
    }

    /** Waits until {@code file} lists {@code count} pids and returns them. */
    public static List<Long> await(Path file, int count, Duration patience) {
        Awaitility.await().atMost(patience).until(() -> all(file).size() == count);
        return all(file);
    }

    /** {@return the pids listed in {@code file} so far, none while it does not exist} */
    public static List<Long> all(Path file) {
        return Texts.readOrEmpty(file).lines().map(String::strip).filter(line -> !line.isEmpty())
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
