package io.github.jobruntime.run;

import io.github.jobruntime.JobConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The one table of the runtime's settings, in the order the launcher's help lists them. A setting is declared here
 * once (option, variable, parser, check, default, help); the builder keeps a one-line typed setter into it, the
 * launcher's options mixin is built from it, and {@link #resolve} merges the three sources into the values a run
 * reads with {@link RunSettings#get}.
 */
public final class Settings {

    // Constants, not read from the table: the launcher's first page reads them before anything else loads, and
    // reading a constant does not initialise this class with its lambdas (each first lambda costs milliseconds).
    /** The service folder's option. */
    public static final String SERVICE_DIR_OPTION = "--service-dir";
    /** The title's option. */
    public static final String TITLE_OPTION = "--title";
    /** Where the platform binds the service folder. */
    public static final String PLATFORM_SERVICE_DIR = "/service";
    /** The page's heading when nobody gives one. */
    public static final String DEFAULT_TITLE = "HPC job";

    public static final Setting<Path> SERVICE_DIR = new Setting<>(SERVICE_DIR_OPTION, "DIR", Path.class, Path::of,
            UnaryOperator.identity(), Path.of(PLATFORM_SERVICE_DIR), "The job's service folder, where status.html "
                    + "and result.txt go and notifications.txt is read; the platform binds it at /service", "");
    public static final Setting<Path> HOME_DIR = new Setting<>("--home-dir", "DIR", Path.class, Path::of,
            UnaryOperator.identity(), Path.of("/home"), "The user's home folder", "default /home");
    public static final Setting<Path> SCRATCH_DIR = new Setting<>("--scratch-dir", "DIR", Path.class, Path::of,
            UnaryOperator.identity(), Path.of("/scratch"), "The user's scratch folder", "default /scratch");
    public static final Setting<String> TITLE = new Setting<>(TITLE_OPTION, "TEXT", String.class, text -> text,
            Settings::checkTitle, DEFAULT_TITLE, "Heading of the status page", "default: the application's");
    public static final Setting<Duration> STATUS_INTERVAL = duration("--status-interval", "status interval", "1s",
            Duration.ofSeconds(1), "Shortest time between two status writes; state changes are written at once");
    public static final Setting<Integer> LOG_LINES = new Setting<>("--log-lines", "N", Integer.class,
            Settings::wholeNumber, Settings::checkLogLines, 20, "Log lines shown on the page, 0 to 1000",
            "default 20");
    public static final Setting<Duration> CANCEL_GRACE = duration("--cancel-grace", "cancel grace", "15s",
            Duration.ofSeconds(15), "After SIGTERM, how long the job may take to stop before the result is written "
                    + "anyway; keep below the batch system's kill delay");
    public static final Setting<Duration> ABORT_GRACE = duration("--abort-grace", "abort grace", "20s",
            Duration.ofSeconds(20), "After an ABORT message, how long the job may take to stop before the result is "
                    + "written anyway");
    public static final Setting<Integer> ABORT_EXIT_CODE = new Setting<>("--abort-exit-code", "CODE", Integer.class,
            Settings::wholeNumber, Settings::checkAbortExitCode, 0, "Exit code after an abort the user asked for",
            "default 0");
    public static final Setting<Duration> NOTIFY_POLL_INTERVAL = duration("--notify-poll-interval",
            "notify poll interval", "200ms", Duration.ofMillis(200), "How often notifications.txt is checked besides "
                    + "file-system events; bounds the reaction time on NFS/Lustre/GPFS");
    public static final Setting<Boolean> NOTIFY_WATCH = flag("--notify-watch", true,
            "Watch the service folder for changes (true) or only poll it (false)");
    public static final Setting<Boolean> RANK_AWARE = flag("--rank-aware", true, "Under MPI, let only rank 0 write "
            + "to the service folder; other ranks run the job and only read control messages");
    public static final Setting<Duration> RANK_START_SPREAD = duration("--rank-start-spread", "rank start spread",
            "30s", Duration.ofSeconds(30), "Under MPI, how much later than rank 0 another rank may start: it skips the "
                    + "control messages written longer than this before its start, as a previous job's; raise it for "
                    + "jobs whose ranks start minutes apart");
    public static final Setting<Duration> WALLTIME = new Setting<>("--walltime", "DURATION", Duration.class,
            DurationText::parse, limit -> positive("walltime", limit, "12h"), null, "The job's wall-time limit, "
                    + "counted from its start: the page shows the time left and warns when progress will not finish "
                    + "in it", "default: the batch system's end time where it tells it, e.g. Slurm");

    /** Every setting, in the order of the help. */
    public static final List<Setting<?>> ALL = List.of(SERVICE_DIR, HOME_DIR, SCRATCH_DIR, TITLE, STATUS_INTERVAL,
            LOG_LINES, CANCEL_GRACE, ABORT_GRACE, ABORT_EXIT_CODE, NOTIFY_POLL_INTERVAL, NOTIFY_WATCH, RANK_AWARE,
            RANK_START_SPREAD, WALLTIME);

    private Settings() {
    }

    /**
     * {@return each setting's value: the command line's, else its environment variable's (an empty one counts as
     * unset), else the application's, else its default; a setting without any is left out} A value given in both
     * the environment and on the command line is checked in both, so that a bad variable is always named.
     *
     * @param application the builder's values, already checked
     * @param commandLine the value given for an option, or null; null when there is no command line
     * @throws JobConfigurationException naming the variable or the option and its bad value
     */
    public static Map<Setting<?>, Object> resolve(Map<Setting<?>, Object> application,
            Map<String, String> environment, Function<String, Object> commandLine) {
        Map<Setting<?>, Object> values = new HashMap<>();
        for (Setting<?> setting : ALL) {
            Object value = resolve(setting, application, environment, commandLine);
            if (value != null) {
                values.put(setting, value);
            }
        }
        return values;
    }

    private static <T> T resolve(Setting<T> setting, Map<Setting<?>, Object> application,
            Map<String, String> environment, Function<String, Object> commandLine) {
        T fromEnvironment = null;
        String text = environment.get(setting.variable());
        if (text != null && !text.isEmpty()) {
            String source = "environment variable " + setting.variable();
            try {
                fromEnvironment = setting.parse().apply(text);
            } catch (RuntimeException e) {
                throw new JobConfigurationException(source + ": " + e.getMessage() + " - fix or unset it", e);
            }
            fromEnvironment = checked(source, setting, fromEnvironment);
        }
        Object given = commandLine == null ? null : commandLine.apply(setting.option());
        if (given != null) {
            T fromCommandLine;
            try {
                fromCommandLine = setting.cast(given);
            } catch (IllegalArgumentException e) {
                throw new JobConfigurationException(e.getMessage(), e);
            }
            return checked(setting.option(), setting, fromCommandLine);
        }
        if (fromEnvironment != null) {
            return fromEnvironment;
        }
        Object fromApplication = application.get(setting);
        return fromApplication != null ? setting.type().cast(fromApplication) : setting.fallback();
    }

    private static <T> T checked(String source, Setting<T> setting, T value) {
        try {
            return setting.check().apply(value);
        } catch (JobConfigurationException e) {
            throw new JobConfigurationException(source + ": " + e.getMessage(), e);
        }
    }

    private static Setting<Duration> duration(String option, String name, String example, Duration fallback,
            String help) {
        return new Setting<>(option, "DURATION", Duration.class, DurationText::parse,
                value -> positive(name, value, example), fallback, help, "default " + example);
    }

    private static Setting<Boolean> flag(String option, boolean fallback, String help) {
        return new Setting<>(option, "BOOLEAN", Boolean.class, Settings::trueOrFalse, UnaryOperator.identity(),
                fallback, help, "default " + fallback);
    }

    private static String checkTitle(String title) {
        if (title.isBlank()) {
            throw new JobConfigurationException("title must not be blank - give a short name for the job");
        }
        return title.strip();
    }

    private static Integer checkLogLines(Integer lines) {
        if (lines < 0 || lines > 1000) {
            throw new JobConfigurationException("log lines must be between 0 and 1000, got " + lines + " - e.g. 20");
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

    private static Duration positive(String name, Duration value, String example) {
        if (value.isNegative() || value.isZero()) {
            throw new JobConfigurationException(name + " must be positive, got " + value + " - e.g. " + example);
        }
        return value;
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
