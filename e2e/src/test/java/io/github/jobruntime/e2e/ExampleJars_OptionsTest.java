package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The examples' executable jars in their own JVMs take each setting from the command line, else from the
 * environment, else from the application, and name the environment variable when its value is bad.
 */
class ExampleJars_OptionsTest {

    @TempDir
    Path dir;

    private Shell.Result run(String example, Map<String, String> env, String... args) {
        List<String> arguments = new ArrayList<>(List.of(args));
        arguments.add("0");
        return Shell.javaJar(dir, env, "examples/" + example + "/target/" + example + ".jar", arguments);
    }

    private Path service() throws IOException {
        return Files.createDirectories(dir.resolve("service"));
    }

    private static String heading(Path service) {
        String page = Platform.at(service).page().html();
        return page.substring(page.indexOf("<h1>") + 4, page.indexOf("</h1>"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"waiter", "abortable_waiter"})
    void environmentNamesTheFoldersAndSettings(String example) throws IOException {
        Path service = service();

        Shell.Result run = run(example, Map.of("JOB_RUNTIME_SERVICE_DIR", service.toString(),
                "JOB_RUNTIME_TITLE", "Environment", "JOB_RUNTIME_HOME_DIR", dir.toString()));

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("Environment", heading(service));
        assertTrue(Platform.at(service).result().orElse("").startsWith("Done."),
                Platform.at(service).result().orElse(""));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"waiter", "abortable_waiter"})
    void commandLineWinsOverTheEnvironmentWhichWinsOverTheApplication(String example) throws IOException {
        Path service = service();
        Map<String, String> env = Map.of("JOB_RUNTIME_SERVICE_DIR", service.toString(), "JOB_RUNTIME_TITLE",
                "Environment");

        Shell.Result application = run(example, Map.of("JOB_RUNTIME_SERVICE_DIR", service.toString()));
        String applicationTitle = heading(service);
        Shell.Result environment = run(example, env);
        String environmentTitle = heading(service);
        Shell.Result commandLine = run(example, env, "--title", "Command line");

        for (Shell.Result result : List.of(application, environment, commandLine)) {
            assertEquals(0, result.exitCode(), result.toString());
        }
        assertTrue(applicationTitle.toLowerCase(Locale.ROOT).contains("waiter"), applicationTitle);
        assertEquals("Environment", environmentTitle);
        assertEquals("Command line", heading(service));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"waiter", "abortable_waiter"})
    void badEnvironmentValueIsAUsageErrorNamingTheVariable(String example) throws IOException {
        Path service = service();

        Shell.Result run = run(example, Map.of("JOB_RUNTIME_SERVICE_DIR", service.toString(),
                "JOB_RUNTIME_STATUS_INTERVAL", "soon"));

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("error: environment variable JOB_RUNTIME_STATUS_INTERVAL: 'soon' is not a"
                + " duration"), run.toString());
        assertFalse(run.err().contains("--status-interval"), run.toString());
        assertEquals("FAILED: usage error: environment variable JOB_RUNTIME_STATUS_INTERVAL: 'soon' is not a duration"
                + " - write e.g. 500ms, 1s, 2m, 1h or 02:00:00 - fix or unset it", Platform.at(service).result()
                        .orElse(""));
        assertEquals(JobState.FAILED, Platform.at(service).page().state().orElse(null));
    }
}
