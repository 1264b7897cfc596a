package io.github.jobruntime.process;

import io.github.jobruntime.JobFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** Finds a command's program the way exec does, to say clearly why it cannot run before trying. */
public final class Programs {

    private Programs() {
    }

    /**
     * Checks that {@code program} can be run from {@code workDir}: a path when it holds a {@code /}, otherwise a
     * name looked up in PATH.
     *
     * @return {@code program}, unchanged
     * @throws JobFailedException with the shell's exit code, 127 when there is no such program and 126 when it
     *                            is not executable, naming the program and the fix
     */
    public static String check(String program, Path workDir) {
        if (program.contains("/")) {
            Path path = workDir.resolve(program);
            if (!Files.exists(path)) {
                throw new JobFailedException("command not found: " + program + " (no such file in " + workDir + ")",
                        127);
            }
            if (!Files.isExecutable(path) || Files.isDirectory(path)) {
                throw new JobFailedException("cannot run " + program + ": not an executable file - chmod +x it, "
                        + "or run it through its interpreter, e.g. -- bash " + program, 126);
            }
            return program;
        }
        return onPath(program).map(path -> program).orElseThrow(() -> new JobFailedException(
                "command not found: " + program + " is not in PATH (" + System.getenv("PATH") + ")", 127));
    }

    /** {@return the executable file {@code name} in the first PATH folder that has one} */
    static Optional<Path> onPath(String name) {
        String path = Objects.requireNonNullElse(System.getenv("PATH"), "");
        for (String dir : path.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
