package io.github.jobruntime.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The example jobs' executable jars, as built by {@code ./mvnw -Pbench -DskipTests package}.
 *
 * @param waiter          {@code examples/waiter/target/waiter.jar}
 * @param abortableWaiter {@code examples/abortable_waiter/target/abortable_waiter.jar}
 */
record Examples(Path waiter, Path abortableWaiter) {

    /** Finds the jars under the repository root {@code root}, failing with the build command when one is missing. */
    static Examples in(Path root) {
        return new Examples(existing(root, "waiter"), existing(root, "abortable_waiter"));
    }

    private static Path existing(Path root, String example) {
        Path jar = root.resolve("examples").resolve(example).resolve("target").resolve(example + ".jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new HarnessException(jar + " is missing - build it with ./mvnw -B -Pbench -DskipTests package "
                    + "from the repository root, or give the root with --root");
        }
        return jar;
    }
}
