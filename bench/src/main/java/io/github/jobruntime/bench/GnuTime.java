package io.github.jobruntime.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Peak resident set size of a child process, as GNU time reports it (getrusage of the finished child). */
final class GnuTime {

    static final Path BINARY = Path.of("/usr/bin/time");

    private GnuTime() {
    }

    /** Fails with the fix when GNU time is not installed. */
    static void require() {
        if (!Files.isExecutable(BINARY)) {
            throw new HarnessException(BINARY + " is missing; it measures the peak RSS of the child JVMs - "
                    + "install GNU time (Debian/Ubuntu: apt-get install time)");
        }
    }

    /** {@return {@code command} run under GNU time, which writes the peak RSS in KiB to {@code report}} */
    static List<String> wrap(Path report, List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of(BINARY.toString(), "-f", "%M", "-o", report.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** {@return the peak RSS in MiB from a report written by a {@link #wrap wrapped} command} */
    static double maxRssMib(Path report) throws IOException {
        List<String> lines = Files.readAllLines(report);
        // A child that exits non-zero gets a "Command exited with non-zero status N" line first.
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        try {
            return Long.parseLong(last) / 1024.0;
        } catch (NumberFormatException e) {
            throw new HarnessException("unexpected GNU time report in " + report + ": " + lines, e);
        }
    }
}
