package io.github.jobruntime.command;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * A rule and where it reads: the command's output, or with the prefix {@code file:PATH:} a file the command writes,
 * e.g. {@code --table 'file:log.lammps:Temp,Press'} or {@code --metric 'file:train.log:loss=loss (?<value>\S+)'}.
 * The path ends at the first {@code :} after {@code file:}, and is relative to the command's working directory.
 *
 * @param file the file, or null for the command's output
 * @param rule the rule
 */
public record Sourced<T>(Path file, T rule) {

    private static final String PREFIX = "file:";

    public Sourced {
        Objects.requireNonNull(rule, "rule");
    }

    /**
     * Reads {@code [file:PATH:]SPEC}, the rule from {@code SPEC} by {@code rule}.
     *
     * @throws IllegalArgumentException saying what is wrong and how to write it
     */
    public static <T> Sourced<T> parse(String spec, Function<String, T> rule) {
        if (!spec.startsWith(PREFIX)) {
            return new Sourced<>(null, rule.apply(spec));
        }
        int colon = spec.indexOf(':', PREFIX.length());
        String path = colon < 0 ? "" : spec.substring(PREFIX.length(), colon).strip();
        if (path.isEmpty()) {
            throw new IllegalArgumentException("\"" + spec + "\" names no file - write file:PATH: before the rule, "
                    + "e.g. 'file:log.lammps:Temp,Press' or 'file:train.log:loss=loss (?<value>\\S+)'");
        }
        try {
            return new Sourced<>(Path.of(path), rule.apply(spec.substring(colon + 1)));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("\"" + path + "\" in \"" + spec + "\" is not a path: " + e.getReason(),
                    e);
        }
    }

    /** {@return whether the rule reads the command's output} */
    public boolean fromOutput() {
        return file == null;
    }
}
