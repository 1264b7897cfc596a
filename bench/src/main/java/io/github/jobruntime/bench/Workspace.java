package io.github.jobruntime.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh folder per harness run, holding one {@link RunFolder} per measured run, the runtime's log and the
 * JMH log. It is kept afterwards, so a surprising figure can be traced to its child's output.
 */
final class Workspace {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path root;
    private final AtomicInteger runs = new AtomicInteger();

    private Workspace(Path root) {
        this.root = root;
    }

    /** Creates {@code base/run-yyyyMMdd-HHmmss[-n]}, a new folder each time. */
    static Workspace create(Path base) {
        String name = "run-" + LocalDateTime.now(ZoneId.systemDefault()).format(STAMP);
        try {
            Files.createDirectories(base);
            for (int attempt = 1; ; attempt++) {
                Path root = base.toAbsolutePath().normalize().resolve(attempt == 1 ? name : name + "-" + attempt);
                try {
                    return new Workspace(Files.createDirectory(root));
                } catch (FileAlreadyExistsException taken) {
                    // two runs in the same second: take the next suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder in " + base + ": " + e, e);
        }
    }

    Path root() {
        return root;
    }

    /** {@return a new, empty run folder named after {@code name}, with its empty service folder} */
    RunFolder run(String name) {
        RunFolder run = new RunFolder(root.resolve(String.format("%03d-%s", runs.incrementAndGet(), name)));
        try {
            Files.createDirectories(run.service());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + run.service() + ": " + e, e);
        }
        return run;
    }
}
