package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's contract for a Singularity/Apptainer recipe, wherever it lives: the recipes in singularity/
 * ({@link RecipesTest}) and the recipe of a project generated from the archetype ({@link ArchetypeTest}). The base
 * layer is the recipe named {@value #BASE}; every other one is an app on it.
 */
final class RecipeContract {

    static final String BASE = "job-runtime";

    private static final Set<String> BUILDER_SECTIONS = Set.of("help", "setup", "files", "labels", "environment",
            "pre", "post", "runscript", "test", "startscript", "arguments");
    /**
     * The static class archive made from a class list, which takes picocli's pre-Java-6 classes; groups: the class
     * list, the archive, the class path.
     */
    static final Pattern DUMP =
            Pattern.compile("-Xshare:dump -XX:SharedClassListFile=(\\S+) -XX:SharedArchiveFile=(\\S+) .*-cp (\\S+)$");
    static final Pattern CLASS_LIST = Pattern.compile("-XX:DumpLoadedClassList=(\\S+) -jar (\\S+) ");
    private static final Pattern HEAP_CAP = Pattern.compile("-Xmx(\\S+?)\\b");
    private static final Pattern READABLE = Pattern.compile("chmod -R a\\+rX (/\\S+?)/?");
    private static final Pattern GUARDED =
            Pattern.compile("(?<!\\w)(JOB_RUNTIME_(SERVICE|HOME|SCRATCH)_DIR|JAVA_TOOL_OPTIONS|_JAVA_OPTIONS)\\b");
    private static final String JAVA_PATH = "export PATH=\"/opt/java/openjdk/bin:$PATH\"";

    private RecipeContract() {
    }

    private static boolean isBase(Recipe recipe) {
        return recipe.name().equals(BASE);
    }

    /**
     * Every rule for an app's recipe.
     *
     * @param buildDir   the folder the image is built in: %files sources and {@code From:} are relative to it
     * @param version    the version its labels must carry
     * @param baseImage  {@code From:}, the base layer's image
     * @param parameters what the help says to register after {@code -jar JAR}
     */
    static void app(Recipe recipe, Path buildDir, String version, String baseImage, String parameters) {
        sectionsAreTheBuildersOnce(recipe);
        environmentGuardsStay(recipe);
        postPutsTheImagesJavaOnThePathFirst(recipe);
        copiedFilesAreReadableByEveryUser(recipe);
        classArchiveHeapCapIsTheSameAndBelow32Gb(recipe);
        classArchiveMadeIsTheOneUsed(recipe);
        classArchiveIsStaticFromTheClassListOfARealRunOfTheJarTheImageRuns(recipe);
        filesSourcesAreBuildProducts(recipe, buildDir);
        runscriptExecs(recipe);
        helpAndLabelsCarry(recipe, version);
        buildsFromTheBaseLayer(recipe, baseImage);
        helpGivesTheCommandAndParametersToRegister(recipe, parameters);
    }

    static void sectionsAreTheBuildersOnce(Recipe recipe) {
        for (String section : recipe.sections().keySet()) {
            assertTrue(BUILDER_SECTIONS.contains(section), recipe.file() + ": %" + section
                    + " is not a section the builder knows (a line whose first word starts with % opens a section,"
                    + " even indented in %help)");
        }
    }

    static void environmentGuardsStay(Recipe recipe) {
        for (String command : recipe.commands("environment")) {
            assertFalse(command.startsWith("unset "), recipe.file() + ": Apptainer restores what %environment unsets,"
                    + " empty the variable instead: " + command);
            if (!isBase(recipe)) {
                assertFalse(GUARDED.matcher(command).find(), recipe.file() + ": the base layer pins this: " + command);
            }
        }
    }

    static void postPutsTheImagesJavaOnThePathFirst(Recipe recipe) {
        List<String> post = recipe.commands("post");
        assertEquals(JAVA_PATH, post.get(0), recipe.file() + ": Singularity before 3.6 does not load the base image's"
                + " ENV in %post, so %post must start with " + JAVA_PATH);
    }

    static void copiedFilesAreReadableByEveryUser(Recipe recipe) {
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

    static void classArchiveHeapCapIsTheSameAndBelow32Gb(Recipe recipe) {
        String made = heapCap(recipe.file() + " %post making the archive", dumpCommand(recipe));
        String use = isBase(recipe)
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

    static String dumpCommand(Recipe recipe) {
        return recipe.commands("post").stream().filter(c -> DUMP.matcher(c).find()).findFirst()
                .orElseThrow(() -> new AssertionError(recipe.file() + ": no class archive made in %post"));
    }

    static void classArchiveMadeIsTheOneUsed(Recipe recipe) {
        Matcher archive = DUMP.matcher(dumpCommand(recipe));
        assertTrue(archive.find());
        String used = "-XX:SharedArchiveFile=" + archive.group(2);
        String where = isBase(recipe) ? recipe.section("post") : recipe.section("environment");
        assertTrue(where.contains(used), recipe.file() + " makes " + archive.group(2) + " but does not use it");
    }

    static void classArchiveIsStaticFromTheClassListOfARealRunOfTheJarTheImageRuns(Recipe recipe) {
        Matcher dump = DUMP.matcher(dumpCommand(recipe));
        assertTrue(dump.find());
        Matcher list = recipe.commands("post").stream().map(CLASS_LIST::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError(recipe.file() + ": %post lists no classes of a real run with "
                        + "-XX:DumpLoadedClassList; a dynamic archive of Java 17 leaves picocli's classes out"));
        assertEquals(list.group(1), dump.group(1), recipe.file() + ": the archive is not made from the class list");
        assertEquals(list.group(2), dump.group(3), recipe.file() + ": the class list comes from another jar");
        String runs = isBase(recipe) ? recipe.section("post") : recipe.section("runscript");
        assertTrue(runs.contains("-jar " + dump.group(3)), recipe.file() + ": the image does not run "
                + dump.group(3) + ", whose classes the archive holds");
    }

    /** Every %files source is a jar of the build that exists in {@code buildDir} after package. */
    static void filesSourcesAreBuildProducts(Recipe recipe, Path buildDir) {
        List<Recipe.Copy> files = recipe.files();
        assertFalse(files.isEmpty(), recipe.file() + " copies nothing");
        for (Recipe.Copy copy : files) {
            assertTrue(copy.source().matches("([a-z_/-]+/)?target/[a-z_-]+\\.jar"),
                    recipe.file() + ": " + copy.source() + " is not a jar of the build");
            assertTrue(Files.isRegularFile(buildDir.resolve(copy.source())),
                    recipe.file() + ": " + copy.source() + " does not exist in " + buildDir + " after package");
            assertTrue(copy.destination().startsWith("/opt/"), copy.toString());
        }
    }

    static void runscriptExecs(Recipe recipe) {
        List<String> runscript = recipe.commands("runscript");
        assertFalse(runscript.isEmpty(), recipe.file() + ": empty %runscript");
        String last = runscript.get(runscript.size() - 1);
        assertTrue(last.startsWith("exec ") && last.endsWith(" \"$@\""),
                recipe.file() + ": %runscript must end with exec ... \"$@\", so that signals reach the job: " + last);
    }

    static void helpAndLabelsCarry(Recipe recipe, String version) {
        assertFalse(recipe.section("help").isBlank(), recipe.file() + ": empty %help");
        assertEquals(version, recipe.labels().get("org.opencontainers.image.version"), recipe.file().toString());
        assertTrue(recipe.labels().containsKey("org.opencontainers.image.source"), recipe.labels().toString());
    }

    static void buildsFromTheBaseLayer(Recipe app, String baseImage) {
        assertEquals("localimage", app.header("Bootstrap"));
        assertEquals(baseImage, app.header("From"));
    }

    /** The help names the COMMAND ({@code java}) and PARAMS ({@code -jar JAR parameters}) to register. */
    static void helpGivesTheCommandAndParametersToRegister(Recipe app, String parameters) {
        List<Recipe.Copy> files = app.files();
        assertEquals(1, files.size(), files.toString());
        String jar = files.get(0).destination();
        String help = app.section("help").replaceAll("\\s+", " ");
        assertTrue(help.contains("command: java"), help);
        assertTrue(help.contains("parameters: -jar " + jar + " " + parameters), help);
        assertTrue(help.contains(app.name() + ".simg"), help);
        assertTrue(help.contains("singularity exec -H HOME:/home -B SCRATCH:/scratch -B SERVICE:/service "
                + app.name() + ".simg \\ java -jar " + jar + " " + parameters), help);
        assertEquals(List.of("exec java -jar " + jar + " \"$@\""), app.commands("runscript"));
    }
}
