package io.github.jobruntime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.run.Setting;
import io.github.jobruntime.run.Settings;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

/** The options mixin is the settings' table as picocli options: their help, and the values they give the builder. */
class JobRuntimeOptionsTest {

    /** An application's command with the standard options. */
    @Command(name = "app")
    static final class App {
        @Mixin
        JobRuntimeOptions runtime;
    }

    private static JobRuntimeOptions parsed(String... args) {
        App app = new App();
        new CommandLine(app).parseArgs(args);
        return app.runtime;
    }

    @Test
    void everyOptionNamesItsEnvironmentVariableInItsHelp() {
        for (OptionSpec option : new CommandLine(new App()).getCommandSpec().options()) {
            String variable = Setting.variable(option.longestName());
            assertTrue(String.join(" ", option.description()).contains("env " + variable),
                    option.longestName() + " documents " + variable);
        }
    }

    @Test
    void thereIsOneOptionPerSetting() {
        assertEquals(Settings.ALL.size(), new CommandLine(new App()).getCommandSpec().options().size());
    }

    @Test
    void givesTheValuesTypedAndNothingForOptionsNotGiven() {
        JobRuntimeOptions options = parsed("--service-dir", "svc", "--log-lines", "3", "--walltime", "1-00:00:00",
                "--notify-watch", "false");

        assertEquals(Path.of("svc"), options.value("--service-dir"));
        assertEquals(3, options.value("--log-lines"));
        assertEquals(Duration.ofDays(1), options.value("--walltime"));
        assertEquals(false, options.value("--notify-watch"));
        assertNull(options.value("--title"));
    }
}
