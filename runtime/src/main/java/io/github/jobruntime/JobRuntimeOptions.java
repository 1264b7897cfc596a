package io.github.jobruntime;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The standard runtime options as a picocli mixin, so that the launcher and every application built on the
 * library accept the same options and environment variables. An option not given on the command line
 * falls back to its environment variable, then to the application's own setting.
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

    @Option(names = "--service-dir", paramLabel = "DIR", defaultValue = "${env:JOB_RUNTIME_SERVICE_DIR}",
            description = "Folder for status.html and result.txt, bound at /service "
                    + "(env JOB_RUNTIME_SERVICE_DIR, default /service).")
    private Path serviceDir;

    @Option(names = "--home-dir", paramLabel = "DIR", defaultValue = "${env:JOB_RUNTIME_HOME_DIR}",
            description = "The user's home folder (env JOB_RUNTIME_HOME_DIR, default /home).")
    private Path homeDir;

    @Option(names = "--scratch-dir", paramLabel = "DIR", defaultValue = "${env:JOB_RUNTIME_SCRATCH_DIR}",
            description = "The user's scratch folder (env JOB_RUNTIME_SCRATCH_DIR, default /scratch).")
    private Path scratchDir;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "${env:JOB_RUNTIME_TITLE}",
            description = "Heading of the status page (env JOB_RUNTIME_TITLE, default: the application's).")
    private String title;

    @Option(names = "--status-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:JOB_RUNTIME_STATUS_INTERVAL}",
            description = "Shortest time between two status writes; state changes are written at once "
                    + "(env JOB_RUNTIME_STATUS_INTERVAL, default 1s).")
    private Duration statusInterval;

    @Option(names = "--log-lines", paramLabel = "N", defaultValue = "${env:JOB_RUNTIME_LOG_LINES}",
            description = "Log lines shown on the page, 0 to 1000 (env JOB_RUNTIME_LOG_LINES, default 20).")
    private Integer logLines;

    @Option(names = "--cancel-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:JOB_RUNTIME_CANCEL_GRACE}",
            description = "After SIGTERM, how long the job may take to stop before the result is written "
                    + "anyway; keep below the batch system's kill delay (env JOB_RUNTIME_CANCEL_GRACE, default 15s).")
    private Duration cancelGrace;

    @Option(names = "--abort-grace", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:JOB_RUNTIME_ABORT_GRACE}",
            description = "After an ABORT message, how long the job may take to stop before the result is "
                    + "written anyway (env JOB_RUNTIME_ABORT_GRACE, default 20s).")
    private Duration abortGrace;

    @Option(names = "--abort-exit-code", paramLabel = "CODE", defaultValue = "${env:JOB_RUNTIME_ABORT_EXIT_CODE}",
            description = "Exit code after an abort the user asked for (env JOB_RUNTIME_ABORT_EXIT_CODE, default 0).")
    private Integer abortExitCode;

    @Option(names = "--notify-poll-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            defaultValue = "${env:JOB_RUNTIME_NOTIFY_POLL_INTERVAL}",
            description = "How often notifications.txt is checked besides file-system events; bounds the reaction "
                    + "time on NFS/Lustre/GPFS (env JOB_RUNTIME_NOTIFY_POLL_INTERVAL, default 200ms).")
    private Duration notifyPollInterval;

    @Option(names = "--notify-watch", paramLabel = "BOOLEAN", arity = "1",
            defaultValue = "${env:JOB_RUNTIME_NOTIFY_WATCH}",
            description = "Watch the service folder for changes (true) or only poll it (false) "
                    + "(env JOB_RUNTIME_NOTIFY_WATCH, default true).")
    private Boolean notifyWatch;

    @Option(names = "--rank-aware", paramLabel = "BOOLEAN", arity = "1",
            defaultValue = "${env:JOB_RUNTIME_RANK_AWARE}",
            description = "Under MPI, let only rank 0 write to the service folder; other ranks run the job and only "
                    + "read control messages (env JOB_RUNTIME_RANK_AWARE, default true).")
    private Boolean rankAware;

    void applyTo(JobRuntime.Builder builder) {
        if (serviceDir != null) {
            builder.serviceDir(serviceDir);
        }
        if (homeDir != null) {
            builder.homeDir(homeDir);
        }
        if (scratchDir != null) {
            builder.scratchDir(scratchDir);
        }
        if (title != null) {
            builder.title(title);
        }
        if (statusInterval != null) {
            builder.statusInterval(statusInterval);
        }
        if (logLines != null) {
            builder.logLines(logLines);
        }
        if (cancelGrace != null) {
            builder.cancelGrace(cancelGrace);
        }
        if (abortGrace != null) {
            builder.abortGrace(abortGrace);
        }
        if (abortExitCode != null) {
            builder.abortExitCode(abortExitCode);
        }
        if (notifyPollInterval != null) {
            builder.notifyPollInterval(notifyPollInterval);
        }
        if (notifyWatch != null) {
            builder.notifyWatch(notifyWatch);
        }
        if (rankAware != null) {
            builder.rankAware(rankAware);
        }
    }
}
