package io.github.jobruntime.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The executable jars the end-to-end sections run, as built by {@code ./mvnw -Pbench -DskipTests package}.
 *
 * @param waiter          {@code examples/waiter/target/waiter.jar}
 * @param abortableWaiter {@code examples/abortable_waiter/target/abortable_waiter.jar}
 * @param launcher        {@code launcher/target/job-runtime.jar}, for run mode
 */
record Examples(Path waiter, Path abortableWaiter, Path launcher) {

    /** Finds the jars under the repository root {@code root}, failing with the build command when one is missing. */
    static Examples in(Path root) {
        return new Examples(existing(root, "examples/waiter", "waiter"),
                existing(root, "examples/abortable_waiter", "abortable_waiter"),
                existing(root, "launcher", "job-runtime"));
    }

    private static Path existing(Path root, String module, String name) {
        Path jar = root.resolve(module).resolve("target").resolve(name + ".jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new HarnessException(jar + " is missing - build it with ./mvnw -B -Pbench -DskipTests package "
                    + "from the repository root, or give the root with --root");
        }
        return jar;
    }
}
