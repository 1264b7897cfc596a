package io.github.jobruntime.launcher;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A command with subcommands, for {@link Launcher#execute}, which adds to the command line only the subcommand the
 * arguments name (all of them when they name none: for the help, and a mistyped name's suggestions). Picocli builds
 * the model of each subcommand it is given, by reflection, at a cost of milliseconds each before the job starts;
 * and the early page is written when the named subcommand is one that runs a job (it mixes in
 * {@link JobRuntimeOptions}). The launcher's own {@code job-runtime run|notify|preview} is one.
 */
public interface Subcommands {

    /** {@return the subcommands' classes, each annotated with {@code @Command(name = ...)}} */
    List<Class<?>> subcommands();

    /** Adds the subcommand {@code args} name to {@code commandLine}, or all of them when they name none. */
    default void addTo(CommandLine commandLine, String[] args) {
        String first = args.length == 0 ? "" : args[0];
        boolean named = false;
        for (Class<?> type : subcommands()) {
            named |= name(type).equals(first);
        }
        for (Class<?> type : subcommands()) {
            if (!named || name(type).equals(first)) {
                commandLine.addSubcommand(name(type), type);
            }
        }
    }

    /** {@return the name of {@code subcommand}, from its {@code @Command} annotation} */
    static String name(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }
}
