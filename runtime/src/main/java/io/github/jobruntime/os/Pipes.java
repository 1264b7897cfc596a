package io.github.jobruntime.os;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which processes hold a pipe, as Linux's {@code /proc} shows it: each open end of a pipe is a link
 * {@code pipe:[INODE]} under {@code /proc/PID/fd}. The launcher sees the descriptors of its own user's processes
 * (of all of them as root); elsewhere it sees none.
 */
public final class Pipes {

    private static final Path PROC = Path.of("/proc");

    private Pipes() {
    }

    /** {@return the pipe on descriptor {@code fd} of process {@code pid}, e.g. {@code pipe:[4211]}, if it is one} */
    public static Optional<String> of(long pid, int fd) {
        try {
            String link = Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("fd")
                    .resolve(Integer.toString(fd))).toString();
            return link.startsWith("pipe:[") ? Optional.of(link) : Optional.empty();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** {@return the processes other than this one that have {@code pipe} open, as far as this launcher can see} */
    public static List<ProcessHandle> holders(String pipe) {
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> holders = new ArrayList<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != self && holds(process, pipe)) {
                    ProcessHandle.of(pid).ifPresent(holders::add);
                }
            }
        } catch (IOException | DirectoryIteratorException | NumberFormatException e) {
            // No /proc, or it changed under the scan: what was found so far is all that can be said.
        }
        return holders;
    }

    private static boolean holds(Path process, String pipe) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    if (pipe.equals(Files.readSymbolicLink(descriptor).toString())) {
                        return true;
                    }
                } catch (IOException closed) {
                    // closed since the listing
                }
            }
        } catch (IOException | DirectoryIteratorException notVisible) {
            // another user's process, or one that ended
        }
        return false;
    }
}
