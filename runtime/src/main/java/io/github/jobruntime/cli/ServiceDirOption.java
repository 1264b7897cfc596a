package io.github.jobruntime.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --service-dir DIR}, the one declaration of the option, as a picocli mixin: in {@code run} and every
 * application built on the library (through {@link io.github.jobruntime.JobRuntimeOptions}), in {@code notify} and
 * in {@code preview}. What its absence means is each command's: {@code /service} for a job and for {@code notify},
 * a new temp folder for a job that {@code preview} starts. {@link FirstPage}, which reads the command line before
 * picocli does, takes the name from here.
 */
public final class ServiceDirOption {

    /** The option's name. */
    public static final String NAME = "--service-dir";
    /** The environment variable that gives the folder when the command line does not. */
    public static final String VARIABLE = "JOB_RUNTIME_SERVICE_DIR";
    /** Where the platform binds the service folder. */
    public static final Path PLATFORM_DIR = Path.of("/service");

    @Option(names = NAME, paramLabel = "DIR",
            description = "The job's service folder, where status.html and result.txt go and notifications.txt is "
                    + "read; the platform binds it at /service (env " + VARIABLE + ").")
    private Path dir;

    /** An option for picocli to fill from the command line. */
    public ServiceDirOption() {
    }

    /** {@return the folder given on the command line, or null} */
    public Path commandLine() {
        return dir;
    }

    /** {@return the folder given on the command line, else by {@link #VARIABLE} when it is set and not empty} */
    public Optional<Path> orVariable(Map<String, String> environment) {
        if (dir != null) {
            return Optional.of(dir);
        }
        String text = environment.get(VARIABLE);
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
    }
}
