package io.github.jobruntime.e2e.apptainer;

import java.nio.file.Files;
import java.nio.file.Path;

/** The job-runtime checkout these tests run in. */
final class Repository {

    private Repository() {
    }

    /** {@return {@code relative}, resolved against the repository root: the parent of the e2e module's folder} */
    static Path file(String relative) {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = module.getParent();
        if (root == null || !Files.isRegularFile(root.resolve("mvnw"))) {
            throw new IllegalStateException("no mvnw next to " + module
                    + " - run these tests in the e2e module of a job-runtime checkout");
        }
        return root.resolve(relative);
    }
}
