package io.github.jobruntime;

import io.github.jobruntime.cli.ServiceDirOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The standard runtime options as a picocli mixin, so that the launcher and every application built on the
 * library accept the same options. Each option has an environment variable, {@code JOB_RUNTIME_} and the option's
 * name ({@code --log-lines}: {@code JOB_RUNTIME_LOG_LINES}), which applies to every {@link JobRuntime}, with or
 * without this mixin. The command line wins over the environment, which wins over the application's own
 * setting, whatever the order of the builder's calls. The fields are read by {@link JobRuntime}'s constructor,
 * the one list of the settings and where each comes from.
 *
 * <pre>{@code
 * @Command(name = "waiter", mixinStandardHelpOptions = true)
 * final class Waiter implements Callable<Integer> {
 *     @Mixin JobRuntimeOptions runtime;
 *     @Parameters(paramLabel = "SECONDS") int seconds;
 *
 *     public Integer call() {
 *         return JobRuntime.builder().title("Waiter").options(runtime).build()
 *                 .run(ctx -> ...).exitCode();
 *     }
 * }
 * }</pre>
 */
public final class JobRuntimeOptions {

    @Mixin
    ServiceDirOption serviceDir = new ServiceDirOption();

    @Option(names = "--home-dir", paramLabel = "DIR",
            description = "The user's home folder (env JOB_RUNTIME_HOME_DIR, default /home).")
    Path homeDir;

    @Option(names = "--scratch-dir", paramLabel = "DIR",
            description = "The user's scratch folder (env JOB_RUNTIME_SCRATCH_DIR, default /scratch).")
    Path scratchDir;

    @Option(names = "--title", paramLabel = "TEXT",
            description = "Heading of the status page (env JOB_RUNTIME_TITLE, default: the application's).")
    String title;

    @Option(names = "--status-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Shortest time between two status writes; state changes are written at once "
                    + "(env JOB_RUNTIME_STATUS_INTERVAL, default 1s).")
    Duration statusInterval;

    @Option(names = "--log-lines", paramLabel = "N",
            description = "Log lines shown on the page, 0 to 1000 (env JOB_RUNTIME_LOG_LINES, default 20).")
    Integer logLines;

    @Option(names = "--cancel-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "After SIGTERM, how long the job may take to stop before the result is written "
                    + "anyway; keep below the batch system's kill delay (env JOB_RUNTIME_CANCEL_GRACE, default 15s).")
    Duration cancelGrace;

    @Option(names = "--abort-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "After an ABORT message, how long the job may take to stop before the result is "
                    + "written anyway (env JOB_RUNTIME_ABORT_GRACE, default 20s).")
    Duration abortGrace;

    @Option(names = "--abort-exit-code", paramLabel = "CODE",
            description = "Exit code after an abort the user asked for (env JOB_RUNTIME_ABORT_EXIT_CODE, default 0).")
    Integer abortExitCode;

    @Option(names = "--notify-poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often notifications.txt is checked besides file-system events; bounds the reaction "
                    + "time on NFS/Lustre/GPFS (env JOB_RUNTIME_NOTIFY_POLL_INTERVAL, default 200ms).")
    Duration notifyPollInterval;

    @Option(names = "--notify-watch", paramLabel = "BOOLEAN", arity = "1",
            description = "Watch the service folder for changes (true) or only poll it (false) "
                    + "(env JOB_RUNTIME_NOTIFY_WATCH, default true).")
    Boolean notifyWatch;

    @Option(names = "--rank-aware", paramLabel = "BOOLEAN", arity = "1",
            description = "Under MPI, let only rank 0 write to the service folder; other ranks run the job and only "
                    + "read control messages (env JOB_RUNTIME_RANK_AWARE, default true).")
    Boolean rankAware;

    @Option(names = "--walltime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The job's wall-time limit, counted from its start: the page shows the time left and warns "
                    + "when progress will not finish in it (env JOB_RUNTIME_WALLTIME, default: the batch system's "
                    + "end time where it tells it, e.g. Slurm).")
    Duration walltime;

    /** Options for picocli to fill from the command line. */
    public JobRuntimeOptions() {
    }

    /**
     * {@return the value of one setting: {@code option} from the command line, else its environment variable, else
     * the application's} A value given in both places is checked in both, so that a bad variable is always named.
     *
     * @param commandLine the options from the command line, or null when the application has no such mixin
     * @param given       the option's field here
     * @param parse       reads the environment variable's text
     * @param application the application's setting, already checked
     * @param check       the builder's check, which may also normalise the value
     * @throws JobConfigurationException naming the variable or the option and its bad value
     */
    static <T> T setting(String option, JobRuntimeOptions commandLine, Map<String, String> environment,
            Function<JobRuntimeOptions, T> given, Function<String, T> parse, T application, UnaryOperator<T> check) {
        T fromEnvironment = null;
        String variable = variable(option);
        String text = environment.get(variable);
        if (text != null && !text.isEmpty()) {
            String source = "environment variable " + variable;
            try {
                fromEnvironment = parse.apply(text);
            } catch (RuntimeException e) {
                throw new JobConfigurationException(source + ": " + e.getMessage() + " - fix or unset it", e);
            }
            fromEnvironment = checked(source, fromEnvironment, check);
        }
        T fromCommandLine = commandLine == null ? null : given.apply(commandLine);
        if (fromCommandLine != null) {
            return checked(option, fromCommandLine, check);
        }
        return fromEnvironment != null ? fromEnvironment : application;
    }

    /** {@return the environment variable of {@code option}: --log-lines is JOB_RUNTIME_LOG_LINES} */
    static String variable(String option) {
        return "JOB_RUNTIME_" + option.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static <T> T checked(String source, T value, UnaryOperator<T> check) {
        try {
            return check.apply(value);
        } catch (JobConfigurationException e) {
            throw new JobConfigurationException(source + ": " + e.getMessage(), e);
        }
    }

    static Integer wholeNumber(String value) {
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
        }
    }

    static Boolean trueOrFalse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("'" + value + "' is not true or false");
        }
        return Boolean.valueOf(text);
    }
}
