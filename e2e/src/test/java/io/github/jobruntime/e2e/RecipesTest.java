package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recipes in singularity/ carry the platform's contract: the mount points, the build products they copy, an
 * exec'ing entry point, help that says what to register, and examples built on the base layer.
 */
class RecipesTest {

    static final String BASE = RecipeContract.BASE;
    /** Where singularity/build.sh puts the base layer, from the repository root. */
    static final String BASE_IMAGE = "singularity/" + BASE + ".simg";

    /** What the base layer's %environment sets whatever the host passes in, and no other recipe touches. */
    private static final List<String> PINNED = List.of("export JOB_RUNTIME_SERVICE_DIR=/service",
            "export JOB_RUNTIME_HOME_DIR=/home", "export JOB_RUNTIME_SCRATCH_DIR=/scratch",
            "export JAVA_TOOL_OPTIONS=\"\"", "export _JAVA_OPTIONS=\"\"");

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
    static String projectVersion() {
        try (JarFile jar = new JarFile(Checkout.file("launcher/target/job-runtime.jar").toFile())) {
            return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everySectionIsOneTheBuilderKnowsAndAppearsOnce(Recipe recipe) {
        RecipeContract.sectionsAreTheBuildersOnce(recipe);
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
        assertEquals(List.of(new Recipe.Copy("launcher/target/job-runtime.jar", "/opt/job-runtime/job-runtime.jar")),
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
        RecipeContract.environmentGuardsStay(recipe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyPostPutsTheImagesJavaOnThePathFirst(Recipe recipe) {
        RecipeContract.postPutsTheImagesJavaOnThePathFirst(recipe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyCopiedFileIsReadableByEveryUser(Recipe recipe) {
        RecipeContract.copiedFilesAreReadableByEveryUser(recipe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyJvmThatMakesOrUsesTheClassArchiveHasTheSameHeapCapBelow32Gb(Recipe recipe) {
        RecipeContract.classArchiveHeapCapIsTheSameAndBelow32Gb(recipe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyFilesSourceIsABuildProductThatExistsAfterPackage(Recipe recipe) {
        RecipeContract.filesSourcesAreBuildProducts(recipe, Checkout.root());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyRunscriptExecs(Recipe recipe) {
        RecipeContract.runscriptExecs(recipe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void everyRecipeHasHelpAndLabelsWithTheProjectVersion(Recipe recipe) {
        RecipeContract.helpAndLabelsCarry(recipe, projectVersion());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void examplesBuildFromTheBaseLayerImage(Recipe example) {
        RecipeContract.buildsFromTheBaseLayer(example, BASE_IMAGE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleHelpGivesTheCommandAndParametersToRegister(Recipe example) {
        RecipeContract.helpGivesTheCommandAndParametersToRegister(example, "SECONDS");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void classArchiveMadeAtBuildIsTheOneTheImageUses(Recipe recipe) {
        RecipeContract.classArchiveMadeIsTheOneUsed(recipe);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void classArchiveIsStaticFromTheClassListOfARealRunOfTheJarTheImageRuns(Recipe recipe) {
        RecipeContract.classArchiveIsStaticFromTheClassListOfARealRunOfTheJarTheImageRuns(recipe);
    }
}
