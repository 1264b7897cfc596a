package io.github.jobruntime.cli;

import io.github.jobruntime.launcher.Launcher;
import io.github.jobruntime.JobRuntime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code java -jar job-runtime.jar} launcher: one subcommand per way of running or talking to a job. */
@Command(name = "job-runtime", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Turns a computation into a well-behaved job for the workflow platform: "
                + "a live /service/status.html, a /service/result.txt for every ending, control messages.")
public final class Main implements Callable<Integer> {

    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, NotifyCommand.class,
            PreviewCommand.class);

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Launcher.execute(new Main(), args));
    }

    /** {@return the launcher's command line with all of its subcommands} */
    public static CommandLine commandLine() {
        return withSubcommands(new CommandLine(new Main()), new String[0]);
    }

    /**
     * Adds the subcommands to the launcher's command line: only the one that the arguments start with, when they
     * name one, else all of them (for the help, and a mistyped name's suggestions). Picocli builds the model of
     * each subcommand it is given, by reflection, and {@code notify} and {@code preview} took some 25 ms of
     * {@code run}'s start.
     */
    public static CommandLine withSubcommands(CommandLine line, String[] args) {
        String first = args.length == 0 ? "" : args[0];
        boolean named = false;
        for (Class<?> type : SUBCOMMANDS) {
            named |= name(type).equals(first);
        }
        for (Class<?> type : SUBCOMMANDS) {
            if (!named || name(type).equals(first)) {
                line.addSubcommand(name(type), type);
            }
        }
        return line;
    }

    private static String name(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return JobRuntime.EXIT_USAGE;
    }

    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"job-runtime " + JobRuntime.version()};
        }
    }
}
