package io.github.jobruntime;

/**
 * The runtime's options as a command line gave them: each wins over its {@code JOB_RUNTIME_*} environment variable
 * and over the application's setting, whatever the order of the builder's calls. The launcher's picocli mixin
 * ({@code io.github.jobruntime.launcher.JobRuntimeOptions} in job-runtime-launcher) is one; an application with
 * another command line parser can give its own.
 */
@FunctionalInterface
public interface CommandLineOptions {

    /**
     * {@return the value given for {@code option}, or null when the command line did not give it}
     *
     * @param option the option's name, e.g. {@code --log-lines}
     * @return a {@link java.nio.file.Path} for a folder, an {@link Integer} for a number, a {@link Boolean}, a
     *         {@link java.time.Duration} or a {@link String}, as the option's help describes it
     */
    Object value(String option);
}
