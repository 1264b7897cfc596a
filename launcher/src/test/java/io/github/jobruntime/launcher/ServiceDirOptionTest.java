package io.github.jobruntime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.jobruntime.cli.Main;
import io.github.jobruntime.run.Settings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

class ServiceDirOptionTest {

    /** An application's command, as the library's users write it. */
    @Command(name = "app")
    static final class App {
        @Mixin
        JobRuntimeOptions runtime;
    }

    private static ServiceDirOption parsed(String... args) {
        NotifyLike command = new NotifyLike();
        new CommandLine(command).parseArgs(args);
        return command.serviceDir;
    }

    @Command(name = "notify-like")
    static final class NotifyLike {
        @Mixin
        ServiceDirOption serviceDir;
    }

    @Test
    void theCommandLineWinsOverTheVariable() {
        ServiceDirOption option = parsed("--service-dir", "given");

        assertEquals(Optional.of(Path.of("given")), option.orVariable(Map.of(Settings.SERVICE_DIR.variable(), "other")));
        assertEquals(Optional.of(Path.of("given")), parsed("--service-dir=given").orVariable(Map.of()));
    }

    @Test
    void withoutTheOptionTheVariableNamesTheFolder() {
        ServiceDirOption option = parsed();

        assertEquals(Optional.of(Path.of("/tmp/job")),
                option.orVariable(Map.of("JOB_RUNTIME_SERVICE_DIR", "/tmp/job")));
        assertEquals(Optional.empty(), option.orVariable(Map.of()));
    }

    @Test
    void anEmptyVariableIsUnsetAsForEveryOtherSetting() {
        assertEquals(Optional.empty(), parsed().orVariable(Map.of(Settings.SERVICE_DIR.variable(), "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "notify", "preview"})
    void everyLauncherCommandHasTheOneOption(String name) {
        assertDeclaredByTheTable(Main.commandLine().getSubcommands().get(name));
    }

    @Test
    void anApplicationHasItThroughTheRuntimeOptions() {
        assertDeclaredByTheTable(new CommandLine(new App()));
    }

    private static void assertDeclaredByTheTable(CommandLine command) {
        OptionSpec option = command.getCommandSpec().findOption(Settings.SERVICE_DIR_OPTION);
        assertEquals("DIR", option.paramLabel());
        assertEquals(Settings.SERVICE_DIR.description(), String.join(" ", option.description()));
    }
}
