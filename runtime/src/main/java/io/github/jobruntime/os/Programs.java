package io.github.jobruntime.os;

import io.github.jobruntime.JobFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
            if (Files.isDirectory(path)) {
                throw new JobFailedException("cannot run " + program + ": it is a directory, not a program - give "
                        + "the program inside it, e.g. -- " + program.replaceFirst("/*$", "/") + "PROGRAM", 126);
            }
            if (!Files.isExecutable(path)) {
                throw new JobFailedException("cannot run " + program + ": not an executable file - chmod +x it, "
                        + "or run it through its interpreter, e.g. -- bash " + program, 126);
            }
            checkInterpreter(program, path, workDir);
            return program;
        }
        Path found = onPath(program).orElseThrow(() -> new JobFailedException(
                "command not found: " + program + " is not in PATH (" + System.getenv("PATH") + ")", 127));
        checkInterpreter(program, found, workDir);
        return program;
    }

    /**
     * A script whose {@code #!} line names a missing interpreter fails in exec with "No such file or directory",
     * which the wrapper that execs it reports under its own name: this names the script and its line instead.
     */
    private static void checkInterpreter(String program, Path script, Path workDir) {
        String line = firstLine(script);
        String[] words = line.startsWith("#!") ? line.substring(2).strip().split("[ \t]+") : new String[] {""};
        if (words[0].isEmpty()) {
            return;
        }
        String named = "cannot run " + program + ": its first line " + line.strip() + " names the interpreter "
                + words[0];
        if (words.length == 1 && line.endsWith("\r")) {
            throw new JobFailedException(named + " followed by a carriage return (Windows line ends), which does not "
                    + "exist - convert the script, e.g. sed -i 's/\\r$//' " + program, 127);
        }
        Path interpreter = workDir.resolve(words[0]);
        if (!Files.exists(interpreter)) {
            throw new JobFailedException(named + ", which does not exist - correct the line (e.g. #!/usr/bin/env "
                    + "bash) or run the script through an interpreter that exists, e.g. -- bash " + program, 127);
        }
        if (Files.isDirectory(interpreter) || !Files.isExecutable(interpreter)) {
            throw new JobFailedException(named + ", which is not an executable file - correct the line", 126);
        }
    }

    /** {@return the file's first line (up to 256 bytes), or "" when it cannot be read} */
    private static String firstLine(Path file) {
        byte[] head = new byte[256];
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return ""; // exec then says why it cannot read it
        }
        String text = new String(head, 0, length, StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** {@return the executable file {@code name} in the first PATH folder that has one} */
    public static Optional<Path> onPath(String name) {
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
