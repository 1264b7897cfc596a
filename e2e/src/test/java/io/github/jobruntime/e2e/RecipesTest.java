package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recipes in singularity/ carry the platform's contract: the mount points, the build products they copy, an
 * exec'ing entry point, help that says what to register, and examples built on the base layer.
 */
class RecipesTest {

    static final String BASE = "job-runtime";
    /** Where singularity/build.sh puts the base layer, from the repository root. */
    static final String BASE_IMAGE = "singularity/" + BASE + ".simg";

    private static final Set<String> BUILDER_SECTIONS = Set.of("help", "setup", "files", "labels", "environment",
            "pre", "post", "runscript", "test", "startscript", "arguments");
    /** The static class archive made from a class list, which takes picocli's pre-Java-6 classes. */
    private static final Pattern DUMP =
            Pattern.compile("-Xshare:dump -XX:SharedClassListFile=(\\S+) -XX:SharedArchiveFile=(\\S+) .*-cp (\\S+)$");
    private static final Pattern CLASS_LIST = Pattern.compile("-XX:DumpLoadedClassList=(\\S+) -jar (\\S+) ");
    private static final Pattern HEAP_CAP = Pattern.compile("-Xmx(\\S+?)\\b");
    private static final Pattern READABLE = Pattern.compile("chmod -R a\\+rX (/\\S+?)/?");
    /** What the base layer's %environment sets whatever the host passes in, and no other recipe touches. */
    private static final List<String> PINNED = List.of("export JOB_RUNTIME_SERVICE_DIR=/service",
            "export JOB_RUNTIME_HOME_DIR=/home", "export JOB_RUNTIME_SCRATCH_DIR=/scratch",
            "export JAVA_TOOL_OPTIONS=\"\"", "export _JAVA_OPTIONS=\"\"");
    private static final Pattern GUARDED =
            Pattern.compile("(?<!\\w)(JOB_RUNTIME_(SERVICE|HOME|SCRATCH)_DIR|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS)\\b");
    private static final String JAVA_PATH = "export PATH=\"/opt/java/openjdk/bin:$PATH\"";

    static Stream<Recipe> recipes() {
        try (Stream<Path> files = Files.list(Checkout.file("singularity"))) {
            List<Recipe> recipes = files.filter(f -> f.toString().endsWith(".def")).sorted().map(Recipe::read).toList();
            assertTrue(recipes.size() >= 3, "the base layer and two examples: " + recipes);
            return recipes.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Recipe> examples() {
        return recipes().filter(r -> !r.name().equals(BASE));
    }

    static Recipe base() {
        return Recipe.read(Checkout.file("singularity/" + BASE + ".def"));
    }

    /** {@return the project version, as the launcher jar's manifest has it} */
    private static String projectVersion() {
        try (JarFile jar = new JarFile(Checkout.file("runtime/target/job-runtime.jar").toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everySectionIsOneTheBuilderKnowsAndAppearsOnce(Recipe recipe) {
        for (String section : recipe.sections().keySet()) {
            assertTrue(BUILDER_SECTIONS.contains(section), recipe.file() + ": %" + section
                    + " is not a section the builder knows (a line whose first word starts with % opens a section,"
                    + " even indented in %help)");
        }
    }

    @Test
    void baseLayerStartsFromASlimJava17RuntimeImage() {
        Recipe base = base();
        assertEquals("docker", base.header("Bootstrap"));
        assertTrue(base.header("From").startsWith("eclipse-temurin:17-jre"), base.header("From"));
    }

    @Test
    void baseLayerCreatesBothMountPoints() {
        List<String> created = base().commands("post").stream()
                .filter(command -> command.startsWith("mkdir "))
                .flatMap(command -> Stream.of(command.split(" ")))
                .toList();
        assertTrue(created.contains("/scratch"), "mkdir /scratch in %post: " + created);
        assertTrue(created.contains("/service"), "mkdir /service in %post: " + created);
    }

    @Test
    void baseLayerPlacesTheLauncherInOptJobRuntime() {
        assertEquals(List.of(new Recipe.Copy("runtime/target/job-runtime.jar", "/opt/job-runtime/job-runtime.jar")),
                base().files());
    }

    @Test
    void baseLayerTestRunsTheLauncher() {
        List<String> test = base().commands("test");
        assertTrue(test.stream().anyMatch(c -> c.contains("job-runtime") && c.endsWith(" --version")), test.toString());
    }

    @Test
    void baseLayerSetsNoJvmFlagsForOtherJavaPrograms() {
        String environment = base().section("environment");
        assertFalse(environment.contains("JDK_JAVA_OPTIONS"), environment);
        assertFalse(environment.matches("(?s).*JAVA_TOOL_OPTIONS=\"?[^\"\\s].*"), environment);
    }

    @Test
    void baseLayerPinsTheFoldersAndEmptiesTheHostsJvmOptions() {
        List<String> environment = base().commands("environment");
        for (String pinned : PINNED) {
            assertTrue(environment.contains(pinned), "%environment of " + BASE + " needs " + pinned + ": " + environment);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void noRecipeUndoesTheEnvironmentGuards(Recipe recipe) {
        for (String command : recipe.commands("environment")) {
            assertFalse(command.startsWith("unset "), recipe.file() + ": Apptainer restores what %environment unsets,"
                    + " empty the variable instead: " + command);
            if (!recipe.name().equals(BASE)) {
                assertFalse(GUARDED.matcher(command).find(), recipe.file() + ": the base layer pins this: " + command);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyPostPutsTheImagesJavaOnThePathFirst(Recipe recipe) {
        List<String> post = recipe.commands("post");
        assertEquals(JAVA_PATH, post.get(0), recipe.file() + ": Singularity before 3.6 does not load the base image's"
                + " ENV in %post, so %post must start with " + JAVA_PATH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyCopiedFileIsReadableByEveryUser(Recipe recipe) {
        List<String> post = recipe.commands("post");
        int archive = post.indexOf(dumpCommand(recipe));
        for (Recipe.Copy copy : recipe.files()) {
            int chmod = -1;
            for (int i = 0; i < post.size(); i++) {
                Matcher readable = READABLE.matcher(post.get(i));
                if (readable.matches() && (copy.destination() + "/").startsWith(readable.group(1) + "/")) {
                    chmod = i;
                }
            }
            assertTrue(chmod > archive, recipe.file() + ": %post must end with chmod -R a+rX over "
                    + copy.destination() + " (and the class archive next to it): %files keeps the mode the file had"
                    + " on the build machine, 0600 under umask 077");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyJvmThatMakesOrUsesTheClassArchiveHasTheSameHeapCapBelow32Gb(Recipe recipe) {
        String made = heapCap(recipe.file() + " %post making the archive", dumpCommand(recipe));
        String use = recipe.name().equals(BASE)
                ? recipe.commands("post").stream().filter(c -> c.contains("-XX:SharedArchiveFile=")).findFirst()
                        .orElseThrow()
                : recipe.section("environment");
        assertEquals(made, heapCap(recipe.file() + " using the archive", use),
                recipe.file() + ": compressed oops must be the same where the archive is made and used");
        Matcher size = Pattern.compile("(\\d+)([mg])").matcher(made);
        assertTrue(size.matches(), made);
        long megabytes = Long.parseLong(size.group(1)) * (size.group(2).equals("g") ? 1024 : 1);
        assertTrue(megabytes < 32 * 1024, recipe.file() + ": a heap of 32 GB or more turns compressed oops off");
    }

    private static String heapCap(String where, String command) {
        Matcher cap = HEAP_CAP.matcher(command);
        assertTrue(cap.find(), where + " has no -Xmx: on a large node the default heap passes 32 GB, compressed"
                + " oops turn off and the class archive is silently unused: " + command);
        return cap.group(1);
    }

    private static String dumpCommand(Recipe recipe) {
        return recipe.commands("post").stream().filter(c -> DUMP.matcher(c).find()).findFirst()
                .orElseThrow(() -> new AssertionError(recipe.file() + ": no class archive made in %post"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyFilesSourceIsABuildProductThatExistsAfterPackage(Recipe recipe) {
        List<Recipe.Copy> files = recipe.files();
        assertFalse(files.isEmpty(), recipe.file() + " copies nothing");
        for (Recipe.Copy copy : files) {
            assertTrue(copy.source().matches("[a-z_/-]+/target/[a-z_-]+\\.jar"),
                    recipe.file() + ": " + copy.source() + " is not a jar of the build");
            assertTrue(Files.isRegularFile(Checkout.file(copy.source())),
                    recipe.file() + ": " + copy.source() + " does not exist after ./mvnw package");
            assertTrue(copy.destination().startsWith("/opt/"), copy.toString());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyRunscriptExecs(Recipe recipe) {
        List<String> runscript = recipe.commands("runscript");
        assertFalse(runscript.isEmpty(), recipe.file() + ": empty %runscript");
        String last = runscript.get(runscript.size() - 1);
        assertTrue(last.startsWith("exec ") && last.endsWith(" \"$@\""),
                recipe.file() + ": %runscript must end with exec ... \"$@\", so that signals reach the job: " + last);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyRecipeHasHelpAndLabelsWithTheProjectVersion(Recipe recipe) {
        assertFalse(recipe.section("help").isBlank(), recipe.file() + ": empty %help");
        assertEquals(projectVersion(), recipe.labels().get("org.opencontainers.image.version"),
                recipe.file().toString());
        assertTrue(recipe.labels().containsKey("org.opencontainers.image.source"), recipe.labels().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void examplesBuildFromTheBaseLayerImage(Recipe example) {
        assertEquals("localimage", example.header("Bootstrap"));
        assertEquals(BASE_IMAGE, example.header("From"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleHelpGivesTheCommandAndParametersToRegister(Recipe example) {
        List<Recipe.Copy> files = example.files();
        assertEquals(1, files.size(), files.toString());
        String jar = files.get(0).destination();
        String help = example.section("help").replaceAll("\\s+", " ");
        assertTrue(help.contains("command: java"), help);
        assertTrue(help.contains("parameters: -jar " + jar + " SECONDS"), help);
        assertTrue(help.contains(example.name() + ".simg"), help);
        assertTrue(help.contains("singularity exec -H HOME:/home -B SCRATCH:/scratch -B SERVICE:/service "
                + example.name() + ".simg \\ java -jar " + jar + " SECONDS"), help);
        assertEquals(List.of("exec java -jar " + jar + " \"$@\""), example.commands("runscript"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void classArchiveMadeAtBuildIsTheOneTheImageUses(Recipe recipe) {
        String dump = dumpCommand(recipe);
        Matcher archive = DUMP.matcher(dump);
        assertTrue(archive.find());
        String used = "-XX:SharedArchiveFile=" + archive.group(2);
        String where = recipe.name().equals(BASE) ? recipe.section("post") : recipe.section("environment");
        assertTrue(where.contains(used), recipe.file() + " makes " + archive.group(2) + " but does not use it");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void classArchiveIsStaticFromTheClassListOfARealRunOfTheJarTheImageRuns(Recipe recipe) {
        Matcher dump = DUMP.matcher(dumpCommand(recipe));
        assertTrue(dump.find());
        Matcher list = recipe.commands("post").stream().map(CLASS_LIST::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError(recipe.file() + ": %post lists no classes of a real run with "
                        + "-XX:DumpLoadedClassList; a dynamic archive of Java 17 leaves picocli's classes out"));
        assertEquals(list.group(1), dump.group(1), recipe.file() + ": the archive is not made from the class list");
        assertEquals(list.group(2), dump.group(3), recipe.file() + ": the class list comes from another jar");
        String runs = recipe.name().equals(BASE) ? recipe.section("post") : recipe.section("runscript");
        assertTrue(runs.contains("-jar " + dump.group(3)), recipe.file() + ": the image does not run "
                + dump.group(3) + ", whose classes the archive holds");
    }
}
