package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Singularity/Apptainer definition file, split the way the builder splits it: header keywords up to the first
 * line whose first word starts with {@code %}, then one section per such line.
 *
 * @param file     where it was read from
 * @param header   header keywords, lower case, and their values
 * @param sections section names, lower case without {@code %}, and their bodies, in file order; a name that
 *                 appears twice is kept twice, as {@code name#2}
 */
record Recipe(Path file, Map<String, String> header, Map<String, String> sections) {

    /** A line of the %files section: a path on the build machine and where it goes in the image. */
    record Copy(String source, String destination) {
    }

    static Recipe read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, String> sections = new LinkedHashMap<>();
        String section = null;
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("%")) {
                if (section != null) {
                    sections.put(section, body.toString());
                }
                String name = trimmed.substring(1).split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                section = sections.containsKey(name) ? name + "#2" : name;
                body.setLength(0);
            } else if (section != null) {
                body.append(line).append('\n');
            } else if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                String[] keyword = trimmed.split(":", 2);
                header.put(keyword[0].strip().toLowerCase(Locale.ROOT), keyword.length > 1 ? keyword[1].strip() : "");
            }
        }
        if (section != null) {
            sections.put(section, body.toString());
        }
        return new Recipe(file, header, sections);
    }

    /** {@return the file name without .def: the name of the image it builds} */
    String name() {
        return file.getFileName().toString().replaceFirst("\\.def$", "");
    }

    /** {@return the file's name, as a parameterized test's name and the skipped-tests listing show it} */
    @Override
    public String toString() {
        return file.getFileName().toString();
    }

    String header(String keyword) {
        String value = header.get(keyword.toLowerCase(Locale.ROOT));
        if (value == null) {
            fail(file + " has no " + keyword + ": header line");
        }
        return value;
    }

    String section(String name) {
        String body = sections.get(name);
        if (body == null) {
            fail(file + " has no %" + name + " section");
        }
        return body;
    }

    /** {@return the shell commands of a section: comments and blank lines left out, continued lines joined} */
    List<String> commands(String name) {
        List<String> commands = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : section(name).split("\n", -1)) {
            String trimmed = line.strip();
            if (command.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                command.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                commands.add(command.append(trimmed).toString().replaceAll("\\s+", " "));
                command.setLength(0);
            }
        }
        return commands;
    }

    /** {@return the lines of %files} */
    List<Copy> files() {
        List<Copy> copies = new ArrayList<>();
        for (String line : commands("files")) {
            String[] paths = line.split(" ", -1);
            if (paths.length != 2) {
                fail(file + ": a %files line needs a source and a destination, got \"" + line + "\"");
            }
            copies.add(new Copy(paths[0], paths[1]));
        }
        return copies;
    }

    /** {@return the %labels: the first word of a line is the name, the rest the value} */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String line : commands("labels")) {
            String[] label = line.split(" ", 2);
            labels.put(label[0], label.length > 1 ? label[1] : "");
        }
        return labels;
    }
}
