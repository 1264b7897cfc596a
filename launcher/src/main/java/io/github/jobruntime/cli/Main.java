package io.github.jobruntime.cli;

import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.launcher.Launcher;
import io.github.jobruntime.launcher.Subcommands;
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
public final class Main implements Callable<Integer>, Subcommands {

    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, NotifyCommand.class,
            PreviewCommand.class);

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Launcher.execute(new Main(), Presets.expand(args)));
    }

    /** {@return the launcher's command line with all of its subcommands} */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        new Main().addTo(commandLine, new String[0]);
        return commandLine;
    }

    @Override
    public List<Class<?>> subcommands() {
        // notify and preview took some 25 ms of run's start when their models were built too.
        return SUBCOMMANDS;
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
