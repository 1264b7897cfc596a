package io.github.jobruntime.launcher;

import io.github.jobruntime.run.Settings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code --service-dir DIR} alone, as a picocli mixin for a command that works on a job's service folder from
 * outside, as the launcher's {@code notify} and {@code preview} do: declared by the settings' table, as in
 * {@link JobRuntimeOptions}. What its absence means is each command's: {@code /service} for
 * {@code notify}, a new temp folder for a job that {@code preview} starts.
 */
public final class ServiceDirOption {

    private final Map<String, Object> given = new HashMap<>();

    /** An option for picocli to fill from the command line. */
    public ServiceDirOption() {
    }

    /** Picocli calls this with the mixin's own model as it builds it. */
    @Spec(Spec.Target.SELF)
    void addOption(CommandSpec self) {
        self.addOption(SettingOption.of(Settings.SERVICE_DIR, given));
    }

    /** {@return the folder given on the command line, else by its variable when it is set and not empty} */
    public Optional<Path> orVariable(Map<String, String> environment) {
        Object dir = given.get(Settings.SERVICE_DIR_OPTION);
        if (dir != null) {
            return Optional.of((Path) dir);
        }
        String text = environment.get(Settings.SERVICE_DIR.variable());
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
    }
}
