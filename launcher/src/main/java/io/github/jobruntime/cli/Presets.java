package io.github.jobruntime.cli;

import io.github.jobruntime.JobConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code run --preset NAME|FILE}: the options for a program people run, bundled in a plain text file, one option per
 * line ({@code --progress REGEX}: the option, one space, the value as it is, with no quoting), {@code #} comments.
 * The named ones are files in the launcher's jar ({@code presets/NAME.preset} beside this class), which a user can
 * copy, edit and pass as a file. A preset's options go before the user's: the user's own rules add to the preset's,
 * and an option that takes one value, given by the user, replaces the preset's.
 */
final class Presets {

    static final String OPTION = "--preset";
    /** The presets in the jar, by name. */
    static final List<String> NAMES = List.of("openfoam", "lammps", "gromacs", "tqdm", "ffmpeg", "rsync", "training");

    private Presets() {
    }

    /**
     * {@return the launcher's arguments with the options of each {@code --preset} of {@code run} put in front of the
     * user's} Only the options before the command ({@code --}) are read. A preset that cannot be read stays as it
     * is, for {@code run} to report it as a usage error.
     */
    static String[] expand(String[] args) {
        boolean named = false;
        for (String arg : args) {
            named |= arg.equals(OPTION) || arg.startsWith(OPTION + "=");
        }
        if (!named || !args[0].equals("run")) {
            return args;
        }
        List<String> user = new ArrayList<>();
        List<String> presets = new ArrayList<>();
        int i = 1;
        for (; i < args.length && !args[i].equals("--"); i++) {
            String name = args[i].equals(OPTION) && i + 1 < args.length ? args[i + 1]
                    : args[i].startsWith(OPTION + "=") ? args[i].substring(OPTION.length() + 1) : null;
            if (name != null) {
                try {
                    presets.addAll(options(name));
                } catch (JobConfigurationException e) {
                    // Left as it is: run reports it, as a usage error, with the job's first page.
                }
            }
            user.add(args[i]);
        }
        Set<String> singleGivenByUser = singleValued(user);
        List<String> expanded = new ArrayList<>(List.of("run"));
        for (int j = 0; j < presets.size(); j += 2) {
            if (!singleGivenByUser.contains(presets.get(j))) {
                expanded.add(presets.get(j));
                expanded.add(presets.get(j + 1));
            }
        }
        expanded.addAll(user);
        expanded.addAll(Arrays.asList(args).subList(i, args.length));
        return expanded.toArray(String[]::new);
    }

    /**
     * {@return the preset's options, option and value in turn}
     *
     * @throws JobConfigurationException naming the preset and the known ones when it is neither a known name nor a
     *                                   readable file, or naming the line that is not an option
     */
    static List<String> options(String preset) {
        List<String> options = new ArrayList<>();
        String text = text(preset);
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            String option = line.strip();
            if (option.isEmpty() || option.startsWith("#")) {
                continue;
            }
            int space = option.indexOf(' ');
            if (!option.startsWith("--") || space < 0) {
                throw new JobConfigurationException("preset " + preset + ", line " + number + ": '" + option
                        + "' is not an option and its value, such as '--progress ^Step (?<done>\\d+)' - one option "
                        + "per line, its value after one space, unquoted");
            }
            options.add(option.substring(0, space));
            options.add(option.substring(space + 1).strip());
        }
        return options;
    }

    private static String text(String preset) {
        if (NAMES.contains(preset.toLowerCase(Locale.ROOT))) {
            try (InputStream in = Presets.class.getResourceAsStream("presets/" + preset.toLowerCase(Locale.ROOT)
                    + ".preset")) {
                if (in == null) {
                    throw new IllegalStateException("the launcher's jar lacks its preset " + preset);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path file = Path.of(preset);
        if (!Files.isRegularFile(file)) {
            throw new JobConfigurationException("--preset " + preset + " is neither a preset of the launcher ("
                    + String.join(", ", NAMES) + ") nor a file - give one of those names, or the path of a preset "
                    + "file (one option per line, e.g. a copy of one of ours)");
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new JobConfigurationException("--preset " + preset + ": cannot read it (" + e.getMessage()
                    + ") - check the file's permissions", e);
        }
    }

    /** {@return the options among {@code args} that take one value (the user's replace the preset's)} */
    private static Set<String> singleValued(List<String> args) {
        CommandLine run = new CommandLine(new RunCommand());
        Set<String> single = new HashSet<>();
        for (String arg : args) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            OptionSpec option = name.startsWith("--") ? run.getCommandSpec().findOption(name) : null;
            if (option != null && !option.isMultiValue()) {
                single.add(option.longestName());
            }
        }
        return single;
    }
}
