package io.github.jobruntime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.jobruntime.JobRuntimeOptions;
import java.lang.reflect.Field;
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

        assertEquals(Path.of("given"), option.commandLine());
        assertEquals(Optional.of(Path.of("given")), option.orVariable(Map.of(ServiceDirOption.VARIABLE, "other")));
        assertEquals(Optional.of(Path.of("given")), parsed("--service-dir=given").orVariable(Map.of()));
    }

    @Test
    void withoutTheOptionTheVariableNamesTheFolder() {
        ServiceDirOption option = parsed();

        assertNull(option.commandLine());
        assertEquals(Optional.of(Path.of("/tmp/job")),
                option.orVariable(Map.of("JOB_RUNTIME_SERVICE_DIR", "/tmp/job")));
        assertEquals(Optional.empty(), option.orVariable(Map.of()));
    }

    @Test
    void anEmptyVariableIsUnsetAsForEveryOtherSetting() {
        assertEquals(Optional.empty(), parsed().orVariable(Map.of(ServiceDirOption.VARIABLE, "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "notify", "preview"})
    void everyLauncherCommandHasTheOneOption(String name) {
        CommandLine command = Main.commandLine().getSubcommands().get(name);

        assertSame(ServiceDirOption.class, declaring(command));
    }

    @Test
    void anApplicationHasItThroughTheRuntimeOptions() {
        assertSame(ServiceDirOption.class, declaring(new CommandLine(new App())));
    }

    private static Class<?> declaring(CommandLine command) {
        OptionSpec option = command.getCommandSpec().findOption(ServiceDirOption.NAME);
        assertEquals("DIR", option.paramLabel());
        return ((Field) option.userObject()).getDeclaringClass();
    }
}
