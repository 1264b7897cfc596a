package io.github.jobruntime.launcher;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.io.Threads;
import io.github.jobruntime.host.HostName;
import io.github.jobruntime.host.MpiRank;
import io.github.jobruntime.run.RuntimeVersion;
import io.github.jobruntime.run.Setting;
import io.github.jobruntime.run.Settings;
import io.github.jobruntime.status.StatusReporter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Starts a picocli command that runs a job: the launcher's own {@code java -jar job-runtime.jar}, or an application's
 * command that mixes in {@link JobRuntimeOptions}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     System.exit(Launcher.execute(new Waiter(), args));
 * }
 * }</pre>
 */
public final class Launcher {

    private Launcher() {
    }

    /**
     * Parses {@code args} into a picocli command (one that mixes in {@link JobRuntimeOptions}), runs it and
     * returns the exit code: the command's own, 2 for a usage or configuration error (printed as one clear
     * line, without a stack trace). Meant for {@code main}:
     * {@code System.exit(Launcher.execute(new MyApp(), args))}.
     *
     * <p>Before parsing, which takes most of a JVM's start, it writes a starting page into the service folder
     * named by {@code --service-dir} or {@code JOB_RUNTIME_SERVICE_DIR} (else {@code /service} when it is there);
     * a usage or configuration error then ends the job as {@code FAILED: usage error: ...} in result.txt with a
     * final page. Without a usable folder, for help and version, and on an MPI rank above 0 nothing is written.
     */
    public static int execute(Object command, String... args) {
        Map<String, String> environment = System.getenv();
        // Before picocli, which takes most of the start: the platform's user sees a page from the first moment, and
        // a usage error as the job's result. Only rank 0 of an MPI job writes to the service folder.
        FirstPage firstPage = MpiRank.of(environment).orElse(0) > 0 ? FirstPage.none()
                : FirstPage.write(command, args, environment.get(Setting.variable(Settings.SERVICE_DIR_OPTION)),
                        environment.get(Setting.variable(Settings.TITLE_OPTION)), HostName.get(),
                        RuntimeVersion.get());
        preloadFirstPage();
        CommandLine commandLine = new CommandLine(command);
        if (command instanceof Subcommands subcommands) {
            subcommands.addTo(commandLine, args);
        }
        if (commandLine.getCommandSpec().version().length == 0) {
            commandLine.getCommandSpec().version(commandLine.getCommandName() + " (job-runtime " + RuntimeVersion.get() + ")");
        }
        CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((exception, arguments) -> {
            int code = usage.handleParseException(exception, arguments);
            firstPage.usageError(exception.getMessage());
            return code;
        });
        commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
            if (exception instanceof JobConfigurationException) {
                cl.getErr().println(cl.getColorScheme().errorText("error: " + exception.getMessage()));
                firstPage.usageError(exception.getMessage());
                return JobRuntime.EXIT_USAGE;
            }
            throw exception;
        });
        try {
            return commandLine.execute(args);
        } finally {
            firstPage.removeIfUnused();
        }
    }

    /**
     * Start-up is mostly loading classes, one after another. While this thread parses the command line (picocli
     * alone loads some 170 classes, verified the slow way as their class files predate Java 6), a second one loads
     * what the job's pages need, the logger with its locale data among them, on the other core: on 2 busy cores,
     * {@code run} started its command about 5 % sooner (median of 8, interleaved).
     */
    private static void preloadFirstPage() {
        Threads.daemon("job-runtime-preload", StatusReporter::preload).start();
    }
}
