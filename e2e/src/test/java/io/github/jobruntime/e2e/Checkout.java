package io.github.jobruntime.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;

/** The job-runtime checkout these tests run in, and copies of parts of it for tests that run its scripts. */
public final class Checkout {

    private Checkout() {
    }

    /** {@return the repository root: the parent of this module's folder} */
    public static Path root() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path root = module.toAbsolutePath().getParent();
        if (root == null || !Files.isRegularFile(root.resolve("mvnw"))) {
            throw new IllegalStateException("no mvnw next to " + module.toAbsolutePath()
                    + " - run these tests in the e2e module of a job-runtime checkout");
        }
        return root;
    }

    /** {@return {@code relative}, resolved against the repository root} */
    public static Path file(String relative) {
        return root().resolve(relative);
    }

    /** Copies files of the repository into {@code target} at the same relative paths, keeping their permissions. */
    static void copy(Path target, Collection<String> relativePaths) {
        for (String relative : relativePaths) {
            Path source = file(relative);
            Path copy = target.resolve(relative);
            try {
                Files.createDirectories(copy.getParent());
                Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + source + " to " + copy, e);
            }
        }
    }
}
