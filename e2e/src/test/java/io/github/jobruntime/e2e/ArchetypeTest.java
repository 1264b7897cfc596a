package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.StatusPageView;
import io.github.jobruntime.test.RunningJob;
import io.github.jobruntime.test.StatusPage;
import io.github.jobruntime.test.TestPlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new app from the installed archetype, as a developer makes one on a machine without network: the runtime, the
 * test kit, the parent pom and the archetype of this build installed into a local repository of their own (the
 * user's local repository behind it supplies the plugins and libraries, so nothing of this build reaches it), a
 * project generated offline, built and tested with its own Maven wrapper, its jar run as the platform runs it, and
 * its scripts and recipe checked against the platform's contract.
 */
class ArchetypeTest {

    private static final Duration MAVEN = Duration.ofMinutes(4);
    private static final String ARTIFACT = "heat-solver";
    private static final String TITLE = "Heat solver";

    @TempDir
    static Path dir;

    private static Path repository;
    private static Path project;
    private static Shell.Result build;

    @BeforeAll
    static void generateFromTheInstalledArchetypeAndBuildOffline() throws IOException {
        repository = dir.resolve("repository");
        String version = RecipesTest.projectVersion();
        install("pom.xml", "pom.xml");
        install("runtime/target/job-runtime-" + version + ".jar", "runtime/pom.xml");
        install("launcher/target/job-runtime-launcher-" + version + ".jar", "launcher/pom.xml");
        install("testkit/target/job-runtime-test-" + version + ".jar", "testkit/pom.xml");
        install("archetype/target/job-runtime-archetype-" + version + ".jar", "archetype/pom.xml");

        Path apps = Files.createDirectories(dir.resolve("apps"));
        maven(apps, offline(Checkout.file("mvnw").toString(), "-q", "org.apache.maven.plugins:"
                        + "maven-archetype-plugin:" + property("archetype-plugin.version") + ":generate",
                "-DarchetypeGroupId=io.github.jobruntime", "-DarchetypeArtifactId=job-runtime-archetype",
                "-DarchetypeVersion=" + version, "-DgroupId=org.example.heat", "-DartifactId=" + ARTIFACT,
                "-Dtitle=" + TITLE, "-DinteractiveMode=false"));
        project = apps.resolve(ARTIFACT);

        // As the generated README says, with no chmod first: an archetype copies its files without their modes.
        List<String> verify = offline("./mvnw", "verify");
        verify.add(0, "sh");
        build = Shell.run(project, Map.of(), MAVEN, verify);
    }

    /**
     * Installs a file of this build, as {@code ./mvnw install} does, into the test's own local repository. Not
     * offline: {@code verify} alone never needs the install plugin, so a fresh machine may not have it yet.
     */
    private static void install(String file, String pom) {
        List<String> command = offline(Checkout.file("mvnw").toString(), "-q", "org.apache.maven.plugins:"
                + "maven-install-plugin:" + property("install-plugin.version") + ":install-file",
                "-Dfile=" + Checkout.file(file), "-DpomFile=" + Checkout.file(pom),
                "-Dpackaging=" + (file.endsWith(".jar") ? "jar" : "pom"));
        command.remove("-o");
        maven(Checkout.root(), command);
    }

    private static void maven(Path where, List<String> command) {
        Shell.Result run = Shell.run(where, Map.of(), MAVEN, command);
        assertEquals(0, run.exitCode(), String.join(" ", command) + "\n" + run);
    }

    /** {@return Maven offline on the test's repository, with the user's local repository behind it, read only} */
    private static List<String> offline(String mvnw, String... args) {
        List<String> command = new ArrayList<>(List.of(mvnw, "-o", "-B", "-Dmaven.repo.local=" + repository,
                "-Dmaven.repo.local.tail=" + property("jobruntime.localRepository")));
        command.addAll(List.of(args));
        return command;
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set - run this test through Maven"
                    + " (e2e/pom.xml sets it)");
        }
        return value;
    }

    @Test
    void generatedProjectBuildsOfflineWithItsOwnWrapperAndItsTestsPass() {
        assertEquals(0, build.exitCode(), build.toString());
        assertTrue(build.out().contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0"), build.out());
        assertTrue(Files.isRegularFile(project.resolve("target/" + ARTIFACT + ".jar")), build.out());
    }

    @Test
    void readmeRunsTheScriptsThroughTheirShellsWithNoChmodFirst() throws IOException {
        String readme = Files.readString(project.resolve("README.md"));
        String commands = readme.replaceAll("(?s)^.*?```bash\n|```\n.*?(```bash\n|$)", "");

        assertTrue(commands.contains("bash test.sh 10") && commands.contains("sh ./mvnw verify"), readme);
        assertFalse(commands.contains("chmod") || Pattern.compile("(?m)^\\./").matcher(commands).find(), commands);
    }

    @Test
    void pageTemplateIsGeneratedAsWrittenForJteNotFilledInAsVelocity() throws IOException {
        String template = "src/main/jte/status.jte";

        assertEquals(Files.readString(Checkout.file("archetype/src/main/resources/archetype-resources/" + template)),
                Files.readString(project.resolve(template)));
        assertTrue(Files.isRegularFile(project.resolve("target/classes/org/example/heat/JtestatusGenerated.class")),
                build.out());
    }

    @Test
    void pageTemplatePlacesEveryPartOfTheRuntimesPageOnce() throws IOException {
        String template = Files.readString(project.resolve("src/main/jte/status.jte"));

        List<String> notOnce = Arrays.stream(StatusPageView.Parts.class.getMethods()).map(Method::getName)
                .filter(part -> template.split(Pattern.quote("${parts." + part + "()}"), -1).length != 2).toList();

        assertEquals(List.of(), notOnce, "parts of the runtime's page not placed exactly once:\n" + template);
    }

    @Test
    void jarRunsAsThePlatformRunsItAndAbortFromThePageStopsIt() {
        Path jar = project.resolve("target/" + ARTIFACT + ".jar");
        try (TestPlatform platform = TestPlatform.in(dir.resolve("platform"));
             RunningJob job = platform.startJar(jar, "--service-dir", platform.service().toString(),
                     "--home-dir", platform.home().toString(), "--scratch-dir", platform.scratch().toString(), "60")) {
            StatusPage running = job.awaitPage("a step done", page -> page.message().matches("Step \\d+ of 60 done"));
            assertTrue(running.text().startsWith(TITLE), running.toString());
            assertTrue(running.hasControl("ABORT") && running.hasControl("CHECKPOINT"), running.html());
            assertEquals("60", running.facts().get("Steps"), running.toString());
            assertTrue(running.html().contains("<section class=\"card steer\">\n<h2>Steering this run</h2>"),
                    running.html());

            job.send("ABORT");
            RunningJob.Ending end = job.awaitEnd();

            assertEquals(0, end.exitCode(), job.report());
            assertTrue(end.result().matches("Stopped after \\d+ of 60 steps\\."), job.report());
            assertEquals(JobState.ABORTED, end.page().state().orElseThrow(), job.report());
            assertTrue(end.page().text().contains(end.result()), end.page().toString());
            assertTrue(end.page().text().contains("Steering this run\n" + TITLE + " ended (Aborted)"),
                    end.page().toString());
        }
    }

    @Test
    void testShRunsTheJobWithTheThreeFoldersAndAppendsAbort() {
        Shell.Result run = Shell.run(project, Map.of(), Duration.ofSeconds(60),
                List.of("bash", "test.sh", "30", "--abort-after", "1"));

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().contains("test.sh: appended ABORT to temp_service/notifications.txt"), run.out());
        assertTrue(run.out().matches("(?s).*\nresult.txt: Stopped after \\d+ of 30 steps\\.\nexit code: 0\n"),
                run.out());
        assertTrue(Files.isDirectory(project.resolve("temp_home")), run.out());
        assertTrue(Files.isDirectory(project.resolve("temp_scratch")), run.out());
    }

    @Test
    void testShPassesShellcheck() {
        String shellcheck = ShellcheckTest.shellcheck();

        Shell.Result run = Shell.run(project, Map.of(), Duration.ofSeconds(60), List.of(shellcheck, "test.sh"));

        assertEquals(0, run.exitCode(), run.toString());
    }

    @Test
    void recipeKeepsThePlatformsContract() {
        Recipe recipe = Recipe.read(project.resolve(ARTIFACT + ".def"));

        RecipeContract.app(recipe, project, "1.0-SNAPSHOT", "job-runtime.simg", "STEPS");
        assertEquals(TITLE, recipe.labels().get("org.opencontainers.image.title"));
    }

    @Test
    void recipeShellSectionsPassShellcheck() {
        try {
            ShellcheckTest.recipeShellSectionsPass(Recipe.read(project.resolve(ARTIFACT + ".def")),
                    Files.createDirectories(dir.resolve("shellcheck")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
