package io.github.jobruntime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The standard runtime options as a picocli mixin, so that the launcher and every application built on the
 * library accept the same options. Each option has an environment variable, {@code JOB_RUNTIME_} and the option's
 * name ({@code --log-lines}: {@code JOB_RUNTIME_LOG_LINES}), which applies to every {@link JobRuntime}, with or
 * without this mixin. The command line wins over the environment, which wins over the application's own
 * setting, whatever the order of the builder's calls.
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

    @Option(names = "--service-dir", paramLabel = "DIR",
            description = "Folder for status.html and result.txt, bound at /service "
                    + "(env JOB_RUNTIME_SERVICE_DIR, default /service).")
    private Path serviceDir;

    @Option(names = "--home-dir", paramLabel = "DIR",
            description = "The user's home folder (env JOB_RUNTIME_HOME_DIR, default /home).")
    private Path homeDir;

    @Option(names = "--scratch-dir", paramLabel = "DIR",
            description = "The user's scratch folder (env JOB_RUNTIME_SCRATCH_DIR, default /scratch).")
    private Path scratchDir;

    @Option(names = "--title", paramLabel = "TEXT",
            description = "Heading of the status page (env JOB_RUNTIME_TITLE, default: the application's).")
    private String title;

    @Option(names = "--status-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Shortest time between two status writes; state changes are written at once "
                    + "(env JOB_RUNTIME_STATUS_INTERVAL, default 1s).")
    private Duration statusInterval;

    @Option(names = "--log-lines", paramLabel = "N",
            description = "Log lines shown on the page, 0 to 1000 (env JOB_RUNTIME_LOG_LINES, default 20).")
    private Integer logLines;

    @Option(names = "--cancel-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "After SIGTERM, how long the job may take to stop before the result is written "
                    + "anyway; keep below the batch system's kill delay (env JOB_RUNTIME_CANCEL_GRACE, default 15s).")
    private Duration cancelGrace;

    @Option(names = "--abort-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "After an ABORT message, how long the job may take to stop before the result is "
                    + "written anyway (env JOB_RUNTIME_ABORT_GRACE, default 20s).")
    private Duration abortGrace;

    @Option(names = "--abort-exit-code", paramLabel = "CODE",
            description = "Exit code after an abort the user asked for (env JOB_RUNTIME_ABORT_EXIT_CODE, default 0).")
    private Integer abortExitCode;

    @Option(names = "--notify-poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often notifications.txt is checked besides file-system events; bounds the reaction "
                    + "time on NFS/Lustre/GPFS (env JOB_RUNTIME_NOTIFY_POLL_INTERVAL, default 200ms).")
    private Duration notifyPollInterval;

    @Option(names = "--notify-watch", paramLabel = "BOOLEAN", arity = "1",
            description = "Watch the service folder for changes (true) or only poll it (false) "
                    + "(env JOB_RUNTIME_NOTIFY_WATCH, default true).")
    private Boolean notifyWatch;

    @Option(names = "--rank-aware", paramLabel = "BOOLEAN", arity = "1",
            description = "Under MPI, let only rank 0 write to the service folder; other ranks run the job and only "
                    + "read control messages (env JOB_RUNTIME_RANK_AWARE, default true).")
    private Boolean rankAware;

    @Option(names = "--walltime", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The job's wall-time limit, counted from its start: the page shows the time left and warns "
                    + "when progress will not finish in it (env JOB_RUNTIME_WALLTIME, default: the batch system's "
                    + "end time where it tells it, e.g. Slurm).")
    private Duration walltime;

    /** The environment these values were read from, or null for the command line's. */
    private final Map<String, String> environment;

    /** Options for picocli to fill from the command line. */
    public JobRuntimeOptions() {
        this.environment = null;
    }

    private JobRuntimeOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Reads the {@code JOB_RUNTIME_*} variables of {@code environment}; an empty one counts as unset.
     *
     * @throws JobConfigurationException naming the variable, when a value is not of the option's type
     */
    static JobRuntimeOptions fromEnvironment(Map<String, String> environment) {
        JobRuntimeOptions options = new JobRuntimeOptions(environment);
        options.serviceDir = options.read("--service-dir", Path::of);
        options.homeDir = options.read("--home-dir", Path::of);
        options.scratchDir = options.read("--scratch-dir", Path::of);
        options.title = options.read("--title", Function.identity());
        options.statusInterval = options.read("--status-interval", DurationConverter::parse);
        options.logLines = options.read("--log-lines", JobRuntimeOptions::wholeNumber);
        options.cancelGrace = options.read("--cancel-grace", DurationConverter::parse);
        options.abortGrace = options.read("--abort-grace", DurationConverter::parse);
        options.abortExitCode = options.read("--abort-exit-code", JobRuntimeOptions::wholeNumber);
        options.notifyPollInterval = options.read("--notify-poll-interval", DurationConverter::parse);
        options.notifyWatch = options.read("--notify-watch", JobRuntimeOptions::trueOrFalse);
        options.rankAware = options.read("--rank-aware", JobRuntimeOptions::trueOrFalse);
        options.walltime = options.read("--walltime", DurationConverter::parse);
        return options;
    }

    /** Gives {@code builder} the values set here; a value the builder refuses is reported with where it came from. */
    void applyTo(JobRuntime.Builder builder) {
        set("--service-dir", serviceDir, builder::serviceDir);
        set("--home-dir", homeDir, builder::homeDir);
        set("--scratch-dir", scratchDir, builder::scratchDir);
        set("--title", title, builder::title);
        set("--status-interval", statusInterval, builder::statusInterval);
        set("--log-lines", logLines, builder::logLines);
        set("--cancel-grace", cancelGrace, builder::cancelGrace);
        set("--abort-grace", abortGrace, builder::abortGrace);
        set("--abort-exit-code", abortExitCode, builder::abortExitCode);
        set("--notify-poll-interval", notifyPollInterval, builder::notifyPollInterval);
        set("--notify-watch", notifyWatch, builder::notifyWatch);
        set("--rank-aware", rankAware, builder::rankAware);
        set("--walltime", walltime, builder::walltime);
    }

    /** {@return the environment variable of {@code option}: --log-lines is JOB_RUNTIME_LOG_LINES} */
    static String variable(String option) {
        return "JOB_RUNTIME_" + option.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private String source(String option) {
        return environment == null ? option : "environment variable " + variable(option);
    }

    private <T> T read(String option, Function<String, T> parse) {
        String value = environment.get(variable(option));
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (RuntimeException e) {
            throw new JobConfigurationException(source(option) + ": " + e.getMessage() + " - fix or unset it", e);
        }
    }

    private <T> void set(String option, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (JobConfigurationException e) {
            throw new JobConfigurationException(source(option) + ": " + e.getMessage(), e);
        }
    }

    private static Integer wholeNumber(String value) {
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number", e);
        }
    }

    private static Boolean trueOrFalse(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("'" + value + "' is not true or false");
        }
        return Boolean.valueOf(text);
    }
}
