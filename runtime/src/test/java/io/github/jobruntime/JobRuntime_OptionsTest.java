package io.github.jobruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.run.Settings;
import io.github.jobruntime.testkit.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a setting comes from: the command line wins over the environment, which wins over the application's own
 * setting, whatever the order of the builder's calls; the environment applies with or without the mixin.
 */
class JobRuntime_OptionsTest {

    @TempDir
    Path dir;

    /** Options as a command line parser gives them: typed values by option name. */
    private static CommandLineOptions commandLine(Object... optionsAndValues) {
        Map<String, Object> given = new HashMap<>();
        for (int i = 0; i < optionsAndValues.length; i += 2) {
            given.put((String) optionsAndValues[i], optionsAndValues[i + 1]);
        }
        return given::get;
    }

    /** An application that uses the builder alone, without the options mixin, as its own main class. */
    static final class BuilderOnlyApp {
        public static void main(String[] args) {
            JobOutcome outcome = JobRuntime.builder().title("Builder only").build().run(ctx -> "ran");
            System.exit(outcome.exitCode());
        }
    }

    @Test
    void environmentAppliesToAJobWithoutTheOptionsMixin() {
        JobRuntime runtime = JobRuntime.builder().title("App").serviceDir(Path.of("/service"))
                .environment(Map.of("JOB_RUNTIME_SERVICE_DIR", dir.toString(), "JOB_RUNTIME_LOG_LINES", "7",
                        "JOB_RUNTIME_STATUS_INTERVAL", "250ms", "JOB_RUNTIME_NOTIFY_WATCH", "FALSE"))
                .build();

        assertEquals(dir, runtime.settings().get(Settings.SERVICE_DIR));
        assertEquals(7, runtime.settings().get(Settings.LOG_LINES));
        assertEquals(Duration.ofMillis(250), runtime.settings().get(Settings.STATUS_INTERVAL));
        assertFalse(runtime.settings().get(Settings.NOTIFY_WATCH));
        assertEquals("ran", runtime.run(ctx -> "ran").result());
        assertEquals("ran", Platform.at(dir).result().orElse(""));
    }

    @Test
    void environmentAppliesToAJobWithoutTheOptionsMixinInItsOwnJvm() throws Exception {
        Path service = Files.createDirectories(dir.resolve("service"));
        try (ChildJvm job = ChildJvm.start(dir, BuilderOnlyApp.class,
                Map.of("JOB_RUNTIME_SERVICE_DIR", service.toString(), "JOB_RUNTIME_TITLE", "From the environment"))) {
            assertEquals(0, job.exitCode(30), job.stderr());
        }
        assertEquals("ran", Platform.at(service).result().orElse(""));
        assertTrue(Platform.at(service).page().html().contains("<h1>From the environment</h1>"),
                Platform.at(service).page().html());
    }

    @Test
    void commandLineWinsOverTheEnvironmentAndAnAppSettingMadeAfterIt() {
        JobRuntime runtime = JobRuntime.builder()
                .environment(Map.of("JOB_RUNTIME_TITLE", "Environment", "JOB_RUNTIME_LOG_LINES", "7"))
                .options(commandLine("--title", "Command line", "--log-lines", 3))
                .title("App")
                .logLines(50)
                .build();

        assertEquals("Command line", runtime.settings().get(Settings.TITLE));
        assertEquals(3, runtime.settings().get(Settings.LOG_LINES));
    }

    @Test
    void environmentWinsOverAnAppSettingMadeBeforeOrAfterTheOptions() {
        Map<String, String> environment = Map.of("JOB_RUNTIME_TITLE", "Environment");

        JobRuntime before = JobRuntime.builder().environment(environment).title("App").options(commandLine()).build();
        JobRuntime after = JobRuntime.builder().environment(environment).options(commandLine()).title("App").build();

        assertEquals("Environment", before.settings().get(Settings.TITLE));
        assertEquals("Environment", after.settings().get(Settings.TITLE));
    }

    @Test
    void appSettingAppliesWhenNeitherTheCommandLineNorTheEnvironmentGivesOne() {
        JobRuntime runtime = JobRuntime.builder().environment(Map.of("JOB_RUNTIME_TITLE", ""))
                .options(commandLine()).title("App").build();

        assertEquals("App", runtime.settings().get(Settings.TITLE));
    }

    @Test
    void badEnvironmentValueIsReportedAsTheVariable() {
        JobConfigurationException notANumber = assertThrows(JobConfigurationException.class,
                () -> JobRuntime.builder().environment(Map.of("JOB_RUNTIME_LOG_LINES", "many")).build());
        JobConfigurationException outOfRange = assertThrows(JobConfigurationException.class,
                () -> JobRuntime.builder().environment(Map.of("JOB_RUNTIME_LOG_LINES", "5000"))
                        .options(commandLine()).build());
        JobConfigurationException notADuration = assertThrows(JobConfigurationException.class,
                () -> JobRuntime.builder().environment(Map.of("JOB_RUNTIME_ABORT_GRACE", "soon")).build());

        assertEquals("environment variable JOB_RUNTIME_LOG_LINES: 'many' is not a whole number - fix or unset it",
                notANumber.getMessage());
        assertEquals("environment variable JOB_RUNTIME_LOG_LINES: log lines must be between 0 and 1000, got 5000"
                + " - e.g. 20", outOfRange.getMessage());
        assertTrue(notADuration.getMessage().startsWith(
                "environment variable JOB_RUNTIME_ABORT_GRACE: 'soon' is not a duration"), notADuration.getMessage());
        for (Exception e : new Exception[] {notANumber, outOfRange, notADuration}) {
            assertFalse(e.getMessage().contains("--"), e.getMessage());
        }
    }

    @Test
    void badCommandLineValueIsReportedAsTheOption() {
        JobConfigurationException e = assertThrows(JobConfigurationException.class,
                () -> JobRuntime.builder().environment(Map.of()).options(commandLine("--log-lines", 5000)).build());

        assertEquals("--log-lines: log lines must be between 0 and 1000, got 5000 - e.g. 20", e.getMessage());
    }

    @Test
    void aCommandLineValueOfAnotherTypeIsReportedAsTheOption() {
        JobConfigurationException e = assertThrows(JobConfigurationException.class,
                () -> JobRuntime.builder().environment(Map.of()).options(commandLine("--log-lines", "5")).build());

        assertEquals("--log-lines takes a value of type Integer, got String 5", e.getMessage());
    }
}
