package io.github.jobruntime.launcher;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.io.AtomicFile;
import io.github.jobruntime.io.ServiceFolder;
import io.github.jobruntime.run.Claim;
import io.github.jobruntime.run.Settings;
import io.github.jobruntime.status.EarlyPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

/**
 * The status page of a job from its first milliseconds: written before the command line is parsed, which takes
 * most of a JVM's start, into the service folder that the command line ({@code --service-dir}) or the environment
 * ({@code JOB_RUNTIME_SERVICE_DIR}) names, else {@code /service} when it is there. Should the command line be
 * wrong, the job ends as {@code FAILED: usage error: ...} in result.txt with a final page, which the platform's user
 * sees, where the log is rarely read. Where no service folder is usable, nothing is written and the job's runtime
 * reports the folder as it always did. Used by {@link io.github.jobruntime.launcher.Launcher#execute}; not an API.
 */
final class FirstPage {

    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");
    private static final FirstPage NONE = new FirstPage(null, null, Settings.DEFAULT_TITLE, "", "", null);

    private final Claim claim;
    private final ServiceFolder service;
    private final String title;
    private final String host;
    private final String runtimeVersion;
    /** The page written, while it is the folder's: null once a usage error ended the job. */
    private byte[] page;

    private FirstPage(Claim claim, ServiceFolder service, String title, String host, String runtimeVersion,
            byte[] page) {
        this.claim = claim;
        this.service = service;
        this.title = title;
        this.host = host;
        this.runtimeVersion = runtimeVersion;
        this.page = page;
    }

    /** {@return a first page that writes nothing, e.g. for an MPI rank above 0} */
    public static FirstPage none() {
        return NONE;
    }

    /**
     * Writes the page of a starting job when {@code command} runs a job (it has the {@link JobRuntimeOptions}, or is
     * the launcher's {@code run}) and the arguments do not ask for help or the version. Loops rather than streams
     * and lambdas here: each first lambda of a JVM costs milliseconds.
     *
     * @param serviceDirVariable the value of {@code JOB_RUNTIME_SERVICE_DIR}, or null
     * @param titleVariable      the value of {@code JOB_RUNTIME_TITLE}, or null
     * @return the page written, or one that writes nothing
     */
    public static FirstPage write(Object command, String[] args, String serviceDirVariable, String titleVariable,
            String host, String runtimeVersion) {
        if (!runsAJob(command, args) || asksForHelp(args)) {
            return NONE;
        }
        String title = option(args, Settings.TITLE_OPTION, titleVariable);
        title = title == null || title.isBlank() ? Settings.DEFAULT_TITLE : title.strip();
        try {
            String dir = option(args, Settings.SERVICE_DIR_OPTION, serviceDirVariable);
            Path folder = Path.of(dir == null ? Settings.PLATFORM_SERVICE_DIR : dir);
            if (dir == null && !Files.isDirectory(folder)) {
                return NONE;
            }
            // A folder that another job holds is refused by the run, after the command line, and touched by nobody.
            Claim claim = Claim.stake(folder, title, host);
            try {
                byte[] page = EarlyPage.starting(title, host, runtimeVersion, Instant.now());
                AtomicFile.write(claim.service().statusFile(), page, false);
                return new FirstPage(claim, claim.service(), title, host, runtimeVersion, page);
            } catch (UncheckedIOException e) {
                claim.close();
                return NONE;
            }
        } catch (JobConfigurationException | UncheckedIOException | InvalidPathException e) {
            return NONE;
        }
    }

    /**
     * Ends the job with {@code FAILED: usage error: MESSAGE} in result.txt and a final page, if the folder still
     * shows this page: no job has run.
     */
    public void usageError(String message) {
        if (!stillShown()) {
            return;
        }
        page = null;
        String result = "FAILED: usage error: " + message;
        try {
            AtomicFile.write(service.resultFile(), result.getBytes(StandardCharsets.UTF_8), true);
            AtomicFile.write(service.statusFile(), EarlyPage.failed(title, result, host, runtimeVersion,
                    Instant.now()), false);
        } catch (UncheckedIOException e) {
            System.err.println("error: cannot write the usage error to " + service.dir() + ": " + e.getMessage());
        }
    }

    /**
     * Removes the page when no job took it over and no usage error ended it (the command ran no job), and releases
     * the folder: the last thing that touches it.
     */
    public void removeIfUnused() {
        if (stillShown()) {
            try {
                Files.deleteIfExists(service.statusFile());
            } catch (IOException e) {
                System.err.println("error: cannot remove " + service.statusFile() + ": " + e);
            }
        }
        if (claim != null) {
            claim.close();
        }
    }

    private boolean stillShown() {
        if (page == null) {
            return false;
        }
        try {
            return Arrays.equals(page, Files.readAllBytes(service.statusFile()));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runsAJob(Object command, String[] args) {
        if (command instanceof Subcommands subcommands) {
            // The subcommand the arguments name, if any, runs the job.
            for (Class<?> subcommand : subcommands.subcommands()) {
                if (args.length > 0 && args[0].equals(Subcommands.name(subcommand))) {
                    return hasOptions(subcommand);
                }
            }
            return false;
        }
        return hasOptions(command.getClass());
    }

    private static boolean hasOptions(Class<?> command) {
        for (Class<?> type = command; type != null; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.getType() == JobRuntimeOptions.class) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean asksForHelp(String[] args) {
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            if (HELP.contains(args[i])) {
                return true;
            }
        }
        return false;
    }

    /** {@return the option's value on the command line (before {@code --}), else its environment variable's} */
    private static String option(String[] args, String name, String variable) {
        for (int i = 0; i < args.length && !args[i].equals("--"); i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return variable == null || variable.isEmpty() ? null : variable;
    }
}
