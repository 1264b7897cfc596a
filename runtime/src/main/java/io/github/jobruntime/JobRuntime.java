package io.github.jobruntime;

import io.github.jobruntime.cli.FirstPage;
import io.github.jobruntime.cli.Main;
import io.github.jobruntime.cli.ServiceDirOption;
import io.github.jobruntime.host.HostName;
import io.github.jobruntime.host.MpiRank;
import io.github.jobruntime.io.Threads;
import io.github.jobruntime.os.ProcessSource;
import io.github.jobruntime.run.ExitCodes;
import io.github.jobruntime.run.Run;
import io.github.jobruntime.run.RunSettings;
import io.github.jobruntime.run.RuntimeVersion;
import io.github.jobruntime.run.Workload;
import io.github.jobruntime.status.StatusReporter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import picocli.CommandLine;

/**
 * Runs a {@link Job} as a well-behaved platform job: a live {@code status.html}, a {@code result.txt} for
 * every ending, and a clean stop on SIGTERM. Instances are immutable and made by {@link #builder()}.
 *
 * <pre>{@code
 * JobOutcome outcome = JobRuntime.builder()
 *         .title("Waiter")
 *         .serviceDir(Path.of("/service"))
 *         .build()
 *         .run(ctx -> {
 *             for (int i = 1; i <= 10; i++) {
 *                 Thread.sleep(1000);
 *                 ctx.progress(i, 10);
 *             }
 *             return "Done. I have waited 10 seconds.";
 *         });
 * System.exit(outcome.exitCode());
 * }</pre>
 *
 * The {@code JOB_RUNTIME_*} environment variables apply to every runtime: {@code JOB_RUNTIME_SERVICE_DIR} beats
 * the {@code serviceDir} above. An application with its own command line adds the standard options with
 * {@link JobRuntimeOptions}, which beat both, and starts through {@link #execute(Object, String...)}.
 */
public final class JobRuntime {

    /** Exit code of a job that failed. */
    public static final int EXIT_FAILED = ExitCodes.FAILED;
    /** Exit code of a usage or configuration error: the job did not start. */
    public static final int EXIT_USAGE = ExitCodes.USAGE;
    /** Exit code after SIGTERM, as the shell reports a process it ended: 128 + 15. */
    public static final int EXIT_CANCELLED = ExitCodes.CANCELLED;
    /**
     * Exit code when the final result could not be written (a full disk) within the grace: sysexits'
     * {@code EX_IOERR}. The result's text is in the log then.
     */
    public static final int EXIT_IO_ERROR = ExitCodes.IO_ERROR;

    private final RunSettings settings;

    /**
     * The one list of the settings: each is the command line's option, else its {@code JOB_RUNTIME_*} variable,
     * else the application's, checked as the builder checks it. A setting left out here does not compile.
     */
    private JobRuntime(Builder builder) {
        JobRuntimeOptions line = builder.commandLine;
        Map<String, String> env = builder.environment;
        this.settings = new RunSettings(
                JobRuntimeOptions.setting(ServiceDirOption.NAME, line, env, o -> o.serviceDir.commandLine(),
                        Path::of, builder.serviceDir, UnaryOperator.identity()),
                JobRuntimeOptions.setting("--home-dir", line, env, o -> o.homeDir, Path::of,
                        builder.homeDir, UnaryOperator.identity()),
                JobRuntimeOptions.setting("--scratch-dir", line, env, o -> o.scratchDir, Path::of,
                        builder.scratchDir, UnaryOperator.identity()),
                JobRuntimeOptions.setting("--title", line, env, o -> o.title, text -> text,
                        builder.title, Builder::checkTitle),
                JobRuntimeOptions.setting("--status-interval", line, env, o -> o.statusInterval,
                        DurationConverter::parse, builder.statusInterval, Builder::checkStatusInterval),
                JobRuntimeOptions.setting("--log-lines", line, env, o -> o.logLines,
                        JobRuntimeOptions::wholeNumber, builder.logLines, Builder::checkLogLines),
                JobRuntimeOptions.setting("--cancel-grace", line, env, o -> o.cancelGrace,
                        DurationConverter::parse, builder.cancelGrace, Builder::checkCancelGrace),
                JobRuntimeOptions.setting("--abort-grace", line, env, o -> o.abortGrace,
                        DurationConverter::parse, builder.abortGrace, Builder::checkAbortGrace),
                JobRuntimeOptions.setting("--abort-exit-code", line, env, o -> o.abortExitCode,
                        JobRuntimeOptions::wholeNumber, builder.abortExitCode, Builder::checkAbortExitCode),
                JobRuntimeOptions.setting("--notify-poll-interval", line, env, o -> o.notifyPollInterval,
                        DurationConverter::parse, builder.notifyPollInterval, Builder::checkNotifyPollInterval),
                JobRuntimeOptions.setting("--notify-watch", line, env, o -> o.notifyWatch,
                        JobRuntimeOptions::trueOrFalse, builder.notifyWatch, UnaryOperator.identity()),
                builder.handlers, builder.abortListeners, builder.controls, builder.clock,
                JobRuntimeOptions.setting("--rank-aware", line, env, o -> o.rankAware,
                        JobRuntimeOptions::trueOrFalse, builder.rankAware, UnaryOperator.identity()),
                env, builder.template,
                JobRuntimeOptions.setting("--walltime", line, env, o -> o.walltime, DurationConverter::parse,
                        builder.walltime, Builder::checkWalltime));
    }

    /** {@return a builder with the platform's defaults: {@code /service}, {@code /home}, {@code /scratch}} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return this library's version} */
    public static String version() {
        return RuntimeVersion.get();
    }

    /**
     * Runs the job to its end and writes the final status page and result.
     *
     * @return how the job ended; {@link JobOutcome#exitCode()} is what the process should exit with
     * @throws JobConfigurationException when the service folder is missing or not writable, or result.txt
     *                                    cannot be written; the job has not run then
     */
    public JobOutcome run(Job job) {
        return run(Workload.javaCode(Objects.requireNonNull(job, "job")));
    }

    /**
     * Runs a job whose work is not Java code in this JVM but {@code processes}, which the page's resources show: the
     * launcher's command job, which hands them over so that the run need not guess them from the job's type. Not for
     * applications: the module does not export the type of {@code processes}.
     */
    @SuppressWarnings("exports")
    public JobOutcome run(Job job, ProcessSource processes) {
        return run(Workload.command(Objects.requireNonNull(job, "job"), processes));
    }

    private JobOutcome run(Workload workload) {
        Run run = new Run(settings);
        return run.run(workload, new JobExecution(run, settings));
    }

    /**
     * Parses {@code args} into a picocli command (one that mixes in {@link JobRuntimeOptions}), runs it and
     * returns the exit code: the command's own, 2 for a usage or configuration error (printed as one clear
     * line, without a stack trace). Meant for {@code main}:
     * {@code System.exit(JobRuntime.execute(new MyApp(), args))}.
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
                : FirstPage.write(command, args, environment.get(ServiceDirOption.VARIABLE),
                        environment.get(JobRuntimeOptions.variable("--title")), HostName.get(), RuntimeVersion.get());
        preloadFirstPage();
        CommandLine commandLine = command instanceof Main ? Main.withSubcommands(new CommandLine(command), args)
                : new CommandLine(command);
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
                return EXIT_USAGE;
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

    /** {@return the settings a run of this runtime is given} */
    RunSettings settings() {
        return settings;
    }

    /**
     * Collects the application's settings of a {@link JobRuntime}; each setter checks its value at once. The
     * environment's {@code JOB_RUNTIME_*} variables and then the command line's {@link JobRuntimeOptions} override
     * them when the runtime is built, whatever the order of the calls.
     */
    public static final class Builder {

        private Path serviceDir = ServiceDirOption.PLATFORM_DIR;
        private Path homeDir = Path.of("/home");
        private Path scratchDir = Path.of("/scratch");
        private String title = "HPC job";
        private Duration statusInterval = Duration.ofSeconds(1);
        private int logLines = 20;
        private Duration cancelGrace = Duration.ofSeconds(15);
        private Duration abortGrace = Duration.ofSeconds(20);
        private int abortExitCode = 0;
        private Duration notifyPollInterval = Duration.ofMillis(200);
        private boolean notifyWatch = true;
        private final Map<String, MessageHandler> handlers = new LinkedHashMap<>();
        private final List<Runnable> abortListeners = new ArrayList<>();
        private final List<Control> controls = new ArrayList<>();
        private Clock clock = Clock.system(ZoneId.systemDefault());
        private boolean rankAware = true;
        private Map<String, String> environment = System.getenv();
        private JobRuntimeOptions commandLine;
        private StatusTemplate template;
        private Duration walltime;

        private Builder() {
        }

        /** The folder bound at {@code /service}, where status.html and result.txt go. */
        public Builder serviceDir(Path dir) {
            this.serviceDir = Objects.requireNonNull(dir, "serviceDir");
            return this;
        }

        /** The user's home folder, bound at {@code /home}. */
        public Builder homeDir(Path dir) {
            this.homeDir = Objects.requireNonNull(dir, "homeDir");
            return this;
        }

        /** The user's scratch folder, bound at {@code /scratch}. */
        public Builder scratchDir(Path dir) {
            this.scratchDir = Objects.requireNonNull(dir, "scratchDir");
            return this;
        }

        /** The heading of the status page. */
        public Builder title(String title) {
            this.title = checkTitle(Objects.requireNonNull(title, "title"));
            return this;
        }

        /** The shortest time between two ordinary status writes (state changes are written at once). */
        public Builder statusInterval(Duration interval) {
            this.statusInterval = checkStatusInterval(interval);
            return this;
        }

        /** How many of the last log lines the page shows, 0 to 1000. */
        public Builder logLines(int lines) {
            this.logLines = checkLogLines(lines);
            return this;
        }

        /**
         * How long the job may take to return after SIGTERM before the final result is written anyway.
         * Keep it well below the batch system's kill delay (Slurm's KillWait: 30 s).
         */
        public Builder cancelGrace(Duration grace) {
            this.cancelGrace = checkCancelGrace(grace);
            return this;
        }

        /**
         * After an {@code ABORT} message, how long the job may take to return before the final result is
         * written anyway.
         */
        public Builder abortGrace(Duration grace) {
            this.abortGrace = checkAbortGrace(grace);
            return this;
        }

        /** The exit code after an abort the user asked for; 0 by default, as the job did what was asked. */
        public Builder abortExitCode(int code) {
            this.abortExitCode = checkAbortExitCode(code);
            return this;
        }

        /**
         * How often notifications.txt is checked besides file-system events. Network file systems (NFS, Lustre,
         * GPFS) do not report writes made on another node, so this bounds the reaction time there.
         */
        public Builder notifyPollInterval(Duration interval) {
            this.notifyPollInterval = checkNotifyPollInterval(interval);
            return this;
        }

        /** Whether to watch the service folder for changes (true) or only poll it (false). */
        public Builder notifyWatch(boolean watch) {
            this.notifyWatch = watch;
            return this;
        }

        /**
         * Handles control messages {@code COMMAND [argument]} with this command. {@code ABORT} is built in
         * (it stops the job); registering it replaces that.
         *
         * @param command one word, matched exactly
         */
        public Builder on(String command, MessageHandler handler) {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(handler, "handler");
            if (command.isEmpty() || command.chars().anyMatch(Character::isWhitespace)) {
                throw new JobConfigurationException("a message command is one word such as CHECKPOINT, got \""
                        + command + "\"");
            }
            if (handlers.putIfAbsent(command, handler) != null) {
                throw new JobConfigurationException("a handler for " + command + " is already registered - "
                        + "register one handler per command");
            }
            return this;
        }

        /**
         * Runs {@code listener} when the job is asked to stop (ABORT or a termination signal), on a thread of its own,
         * before the worker is interrupted. A listener that has not returned halfway through the grace no longer
         * holds back the interrupt, and the result is written at the end of the grace whatever it does.
         */
        public Builder onAbort(Runnable listener) {
            abortListeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Adds a button that sends {@code message}; shown while the job runs. */
        public Builder control(String label, String message) {
            controls.add(new Control(label, message));
            return this;
        }

        /** Adds a button that sends {@code message} once the user confirmed {@code confirmation}. */
        public Builder control(String label, String message, String confirmation) {
            controls.add(new Control(label, message, confirmation));
            return this;
        }

        /**
         * Renders the status page with the application's own jte template instead of the default one, e.g.
         * {@code .template(JtestatusGenerated::render)}. The template gets a {@link StatusPageView} with the
         * default page's parts; one that throws is replaced by the default page, with one warning in the log.
         */
        public Builder template(StatusTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /**
         * The job's wall-time limit, counted from its start: the page shows the time left, and says so when the
         * progress rate will not finish the job in it. Without it, the end time the batch system tells is used
         * ({@code SLURM_JOB_END_TIME}, or Slurm's {@code squeue} where it is on the PATH).
         */
        public Builder walltime(Duration limit) {
            this.walltime = checkWalltime(limit);
            return this;
        }

        /** The clock for the times shown on the page; for tests. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Whether an MPI rank above 0 leaves /service alone (the default): under {@code mpirun} every rank runs
         * the same command line, and only rank 0 may write status.html and result.txt. Ranks are read from
         * {@code OMPI_COMM_WORLD_RANK}, {@code PMIX_RANK}, {@code PMI_RANK} and {@code SLURM_PROCID}. Every rank
         * still reads notifications.txt, so that an {@code ABORT} stops all of them.
         */
        public Builder rankAware(boolean aware) {
            this.rankAware = aware;
            return this;
        }

        /** The environment the {@code JOB_RUNTIME_*} variables and the MPI rank are read from; for tests. */
        Builder environment(Map<String, String> variables) {
            this.environment = Map.copyOf(variables);
            return this;
        }

        /**
         * The options of the command line: each one given there wins over its environment variable and over the
         * application's setting, made before or after this call.
         */
        public Builder options(JobRuntimeOptions options) {
            this.commandLine = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * {@return the runtime: the application's settings, overridden by the environment's {@code JOB_RUNTIME_*}
         * variables (an empty one counts as unset), overridden by the command line's options}
         *
         * @throws JobConfigurationException when a variable or an option has a bad value; the message names it
         */
        public JobRuntime build() {
            return new JobRuntime(this);
        }

        private static String checkTitle(String title) {
            if (title.isBlank()) {
                throw new JobConfigurationException("title must not be blank - give a short name for the job");
            }
            return title.strip();
        }

        private static Integer checkLogLines(Integer lines) {
            if (lines < 0 || lines > 1000) {
                throw new JobConfigurationException(
                        "log lines must be between 0 and 1000, got " + lines + " - e.g. 20");
            }
            return lines;
        }

        private static Integer checkAbortExitCode(Integer code) {
            if (code < 0 || code > 255) {
                throw new JobConfigurationException("abort exit code must be between 0 and 255, got " + code
                        + " - e.g. 0");
            }
            return code;
        }

        private static Duration checkStatusInterval(Duration interval) {
            return positive("status interval", interval, "1s");
        }

        private static Duration checkCancelGrace(Duration grace) {
            return positive("cancel grace", grace, "15s");
        }

        private static Duration checkAbortGrace(Duration grace) {
            return positive("abort grace", grace, "20s");
        }

        private static Duration checkWalltime(Duration limit) {
            return positive("walltime", limit, "12h");
        }

        private static Duration checkNotifyPollInterval(Duration interval) {
            return positive("notify poll interval", interval, "200ms");
        }

        private static Duration positive(String name, Duration value, String example) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new JobConfigurationException(name + " must be positive, got " + value + " - e.g. " + example);
            }
            return value;
        }
    }
}
