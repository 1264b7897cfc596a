package io.github.jobruntime.launcher;

import io.github.jobruntime.CommandLineOptions;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.run.Setting;
import io.github.jobruntime.run.Settings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The standard runtime options as a picocli mixin, so that the launcher and every application built on the
 * library accept the same options. Each option has an environment variable, {@code JOB_RUNTIME_} and the option's
 * name ({@code --log-lines}: {@code JOB_RUNTIME_LOG_LINES}), which applies to every {@link JobRuntime}, with or
 * without this mixin. The command line wins over the environment, which wins over the application's own
 * setting, whatever the order of the builder's calls. The options, their help and their checks come from the
 * runtime's one table of settings.
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
public final class JobRuntimeOptions implements CommandLineOptions {

    /** The values the command line gave, by option. */
    private final Map<String, Object> given = new HashMap<>();

    /** Options for picocli to fill from the command line. */
    public JobRuntimeOptions() {
    }

    /** Picocli calls this with the mixin's own model as it builds it: one option per setting of the table. */
    @Spec(Spec.Target.SELF)
    void addOptions(CommandSpec self) {
        for (Setting<?> setting : Settings.ALL) {
            self.addOption(SettingOption.of(setting, given));
        }
    }

    @Override
    public Object value(String option) {
        return given.get(option);
    }
}
