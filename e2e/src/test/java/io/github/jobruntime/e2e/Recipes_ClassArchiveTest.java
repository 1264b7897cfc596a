package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archives of the recipes, made and used on this machine's JVM exactly as the recipes make and use
 * them in the image (paths in the image mapped to this machine): the archive is really used, and a JVM it does
 * not fit (another jar, no archive) starts as usual without a word about it on the job's output.
 */
class Recipes_ClassArchiveTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern OPTIONS = Pattern.compile("export JDK_JAVA_OPTIONS=\"([^\"]*)\"");
    /** The launcher command %post writes: it execs the JVM by the path %post found it at, $java. */
    private static final Pattern COMMAND = Pattern.compile("\"exec \\$java\"' (.*) -jar (\\S+) \"\\$@\"'");

    @TempDir
    Path dir;

    /** In-image paths of a recipe and where they are on this machine. */
    private Map<String, String> paths(Recipe recipe, Path archive) {
        Map<String, String> paths = new LinkedHashMap<>();
        for (Recipe.Copy copy : recipe.files()) {
            paths.put(copy.destination(), Checkout.file(copy.source()).toString());
        }
        paths.put(archivePath(recipe), archive.toString());
        return paths;
    }

    private static String archivePath(Recipe recipe) {
        Matcher m = RecipeContract.DUMP.matcher(RecipeContract.dumpCommand(recipe));
        assertTrue(m.find());
        return m.group(2);
    }

    private static String map(String text, Map<String, String> paths) {
        String mapped = text;
        for (Map.Entry<String, String> path : paths.entrySet()) {
            mapped = mapped.replace(path.getKey(), path.getValue());
        }
        return mapped;
    }

    /** Runs the recipe's own %post commands that list the classes and make the archive, and returns the archive. */
    private Path makeArchive(Recipe recipe) throws IOException {
        Path archive = dir.resolve(recipe.name() + ".jsa");
        Path run = Files.createDirectories(dir.resolve("build-run"));
        String list = recipe.commands("post").stream().filter(c -> RecipeContract.CLASS_LIST.matcher(c).find())
                .findFirst()
                .orElseThrow(() -> new AssertionError(recipe.file() + ": no class list made in %post"));
        for (String step : List.of(list, RecipeContract.dumpCommand(recipe))) {
            List<String> command = new ArrayList<>();
            for (String word : map(step, paths(recipe, archive)).split(" ", -1)) {
                command.add(word.replace("\"$run", run.toString()).replace("\"", ""));
            }
            assertEquals("java", command.get(0), command.toString());
            command.set(0, Shell.java());
            Shell.Result made = Shell.run(dir, Map.of(), TIMEOUT, command);
            assertEquals(0, made.exitCode(), made.toString());
        }
        assertTrue(Files.size(archive) > 0, archive.toString());
        return archive;
    }

    /** {@return JDK_JAVA_OPTIONS as the example's %environment sets it, with {@code archive} for the image's} */
    private Map<String, String> environment(Recipe example, Path archive) {
        Matcher m = OPTIONS.matcher(example.section("environment"));
        assertTrue(m.find(), example.file() + ": no JDK_JAVA_OPTIONS in %environment");
        return Map.of("JDK_JAVA_OPTIONS", map(m.group(1), paths(example, archive)));
    }

    private Shell.Result runWaiter(Map<String, String> env, String... javaOptions) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("job"));
        List<String> command = new ArrayList<>(List.of(Shell.java()));
        command.addAll(List.of(javaOptions));
        command.addAll(List.of("-jar", Checkout.file("examples/waiter/target/waiter.jar").toString(),
                "--service-dir", folder.toString(), "--home-dir", folder.toString(),
                "--scratch-dir", folder.toString(), "0"));
        return Shell.run(dir, env, TIMEOUT, command);
    }

    private static void assertNoWordOnTheJobsOutput(Shell.Result run) {
        assertFalse(run.out().contains("[warning]") || run.out().contains("[error]"), run.toString());
        assertFalse(run.err().contains("[warning]") || run.err().contains("[error]"), run.toString());
    }

    @Test
    void exampleImageUsesItsArchive() throws IOException {
        Recipe waiter = Recipe.read(Checkout.file("singularity/waiter.def"));
        Map<String, String> env = environment(waiter, makeArchive(waiter));

        // -Xshare:on: the JVM refuses to start when it cannot map every archive it is given.
        Shell.Result run = runWaiter(env, "-Xshare:on");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.err().contains("Picked up JDK_JAVA_OPTIONS: " + env.get("JDK_JAVA_OPTIONS")), run.toString());
        assertNoWordOnTheJobsOutput(run);
    }

    @Test
    void anotherJarInTheImageIgnoresTheArchiveSilently() throws IOException {
        Recipe waiter = Recipe.read(Checkout.file("singularity/waiter.def"));
        Map<String, String> env = environment(waiter, makeArchive(waiter));

        Shell.Result run = Shell.run(dir, env, TIMEOUT,
                List.of(Shell.java(), "-jar", Checkout.file("launcher/target/job-runtime.jar").toString(), "--version"));

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().matches("job-runtime \\S+\n"), run.toString());
        assertNoWordOnTheJobsOutput(run);
    }

    @Test
    void missingArchiveIsIgnoredSilently() throws IOException {
        Recipe waiter = Recipe.read(Checkout.file("singularity/waiter.def"));

        Shell.Result run = runWaiter(environment(waiter, dir.resolve("never-made.jsa")));

        assertEquals(0, run.exitCode(), run.toString());
        assertNoWordOnTheJobsOutput(run);
    }

    @Test
    void jobRuntimeCommandOfTheBaseLayerUsesTheLaunchersArchive() throws IOException {
        Recipe base = RecipesTest.base();
        Path archive = makeArchive(base);
        Matcher command = COMMAND.matcher(String.join("\n", base.commands("post")));
        assertTrue(command.find(), base.file() + ": no job-runtime command written in %post");
        Map<String, String> paths = paths(base, archive);
        List<String> java = new ArrayList<>(List.of(Shell.java(), "-Xshare:on"));
        java.addAll(List.of(map(command.group(1), paths).split(" ")));
        java.addAll(List.of("-jar", map(command.group(2), paths), "--version"));

        Shell.Result run = Shell.run(dir, Map.of(), TIMEOUT, java);

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().matches("job-runtime \\S+\n"), run.toString());
        assertNoWordOnTheJobsOutput(run);
    }
}
