package io.github.jobruntime;

import io.github.jobruntime.host.HostName;
import io.github.jobruntime.host.MpiRank;
import io.github.jobruntime.io.Threads;
import io.github.jobruntime.os.ProcessSource;
import io.github.jobruntime.run.ExitCodes;
import io.github.jobruntime.run.Run;
import io.github.jobruntime.run.RunSettings;
import io.github.jobruntime.run.RuntimeVersion;
import io.github.jobruntime.run.Setting;
import io.github.jobruntime.run.Settings;
import io.github.jobruntime.run.Workload;
import io.github.jobruntime.status.StatusReporter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * the {@code serviceDir} above. Options given on a command line ({@link Builder#options(CommandLineOptions)}) beat
 * both: an application with a picocli command line mixes in {@code JobRuntimeOptions} and starts through
 * {@code Launcher.execute}, both in job-runtime-launcher.
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

    private JobRuntime(Builder builder) {
        this.settings = new RunSettings(Settings.resolve(builder.settings, builder.environment,
                builder.commandLine == null ? null : builder.commandLine::value), builder.handlers,
                builder.abortListeners, builder.controls, builder.clock, builder.environment, builder.template);
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

    /** {@return the settings a run of this runtime is given} */
    RunSettings settings() {
        return settings;
    }

    /**
     * Collects the application's settings of a {@link JobRuntime}; each setter checks its value at once. The
     * environment's {@code JOB_RUNTIME_*} variables and then the command line's {@link CommandLineOptions} override
     * them when the runtime is built, whatever the order of the calls.
     */
    public static final class Builder {

        /** The application's settings, checked; the environment and the command line override them. */
        private final Map<Setting<?>, Object> settings = new HashMap<>();
        private final Map<String, MessageHandler> handlers = new LinkedHashMap<>();
        private final List<Runnable> abortListeners = new ArrayList<>();
        private final List<Control> controls = new ArrayList<>();
        private Clock clock = Clock.system(ZoneId.systemDefault());
        private Map<String, String> environment = System.getenv();
        private CommandLineOptions commandLine;
        private StatusTemplate template;

        private Builder() {
        }

        /** The folder bound at {@code /service}, where status.html and result.txt go. */
        public Builder serviceDir(Path dir) {
            return set(Settings.SERVICE_DIR, dir);
        }

        /** The user's home folder, bound at {@code /home}. */
        public Builder homeDir(Path dir) {
            return set(Settings.HOME_DIR, dir);
        }

        /** The user's scratch folder, bound at {@code /scratch}. */
        public Builder scratchDir(Path dir) {
            return set(Settings.SCRATCH_DIR, dir);
        }

        /** The heading of the status page. */
        public Builder title(String title) {
            return set(Settings.TITLE, title);
        }

        /** The shortest time between two ordinary status writes (state changes are written at once). */
        public Builder statusInterval(Duration interval) {
            return set(Settings.STATUS_INTERVAL, interval);
        }

        /** How many of the last log lines the page shows, 0 to 1000. */
        public Builder logLines(int lines) {
            return set(Settings.LOG_LINES, lines);
        }

        /**
         * How long the job may take to return after SIGTERM before the final result is written anyway.
         * Keep it well below the batch system's kill delay (Slurm's KillWait: 30 s).
         */
        public Builder cancelGrace(Duration grace) {
            return set(Settings.CANCEL_GRACE, grace);
        }

        /**
         * After an {@code ABORT} message, how long the job may take to return before the final result is
         * written anyway.
         */
        public Builder abortGrace(Duration grace) {
            return set(Settings.ABORT_GRACE, grace);
        }

        /** The exit code after an abort the user asked for; 0 by default, as the job did what was asked. */
        public Builder abortExitCode(int code) {
            return set(Settings.ABORT_EXIT_CODE, code);
        }

        /**
         * How often notifications.txt is checked besides file-system events. Network file systems (NFS, Lustre,
         * GPFS) do not report writes made on another node, so this bounds the reaction time there.
         */
        public Builder notifyPollInterval(Duration interval) {
            return set(Settings.NOTIFY_POLL_INTERVAL, interval);
        }

        /** Whether to watch the service folder for changes (true) or only poll it (false). */
        public Builder notifyWatch(boolean watch) {
            return set(Settings.NOTIFY_WATCH, watch);
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
            return set(Settings.WALLTIME, limit);
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
            return set(Settings.RANK_AWARE, aware);
        }

        /**
         * Under MPI, how much later than rank 0 another rank may start (30 s by default): a rank above 0 skips the
         * control messages written longer than this before its start, as a previous job's. Raise it for jobs whose
         * ranks start minutes apart, so that an early {@code ABORT} stops the late ranks too.
         */
        public Builder rankStartSpread(Duration spread) {
            return set(Settings.RANK_START_SPREAD, spread);
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
        public Builder options(CommandLineOptions options) {
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

        private <T> Builder set(Setting<T> setting, T value) {
            settings.put(setting, setting.checked(value));
            return this;
        }
    }
}
