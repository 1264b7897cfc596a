package io.github.jobruntime.cli;

import io.github.jobruntime.JobRuntime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code java -jar job-runtime.jar} launcher: one subcommand per way of running or talking to a job. */
@Command(name = "job-runtime", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {RunCommand.class, NotifyCommand.class, PreviewCommand.class},
        description = "Turns a computation into a well-behaved job for the workflow platform: "
                + "a live /service/status.html, a /service/result.txt for every ending, control messages.")
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(JobRuntime.execute(new Main(), args));
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
