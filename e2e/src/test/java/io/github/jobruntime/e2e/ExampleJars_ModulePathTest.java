package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.Platform;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library as a module: it exports its API package only (its internals to the launcher only), a job that uses
 * only the builder runs with the library, jte-runtime, slf4j-api and jsoup alone on the module path (no picocli, no
 * jdk.httpserver), and the abortable waiter, whose precompiled jte template calls that API and whose command line
 * is the launcher's mixin, runs with the library and the launcher on the module path, as a module of its own or
 * from the class path; so does the launcher.
 */
class ExampleJars_ModulePathTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String MAIN = "io.github.jobruntime.examples.abortablewaiter.AbortableWaiter";
    /**
     * The library's dependencies, as found on this test's class path. Jsoup sanitizes the HTML of
     * {@code JobContext.section}, part of the API, so it is not optional.
     */
    private static final List<String> LIBRARY = List.of("/gg/jte/jte-runtime/", "/org/slf4j/slf4j-api/",
            "/org/jsoup/jsoup/");
    /** What the launcher adds: picocli, and a logging backend for the executable jars' log. */
    private static final List<String> LAUNCHER = List.of("/info/picocli/picocli/", "/org/slf4j/slf4j-simple/");
    /** A job that uses only the builder, run from its source file. */
    private static final String BUILDER_ONLY_JOB = """
            import io.github.jobruntime.JobRuntime;

            public class BuilderOnlyJob {
                public static void main(String[] args) {
                    System.exit(JobRuntime.builder().title("Builder only").build().run(ctx -> "ran").exitCode());
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void libraryExportsItsApiPackageOnly() {
        ModuleDescriptor module = runtimeModule().descriptor();

        assertEquals(Set.of("io.github.jobruntime"), module.exports().stream().filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertEquals(Set.of(Set.of("io.github.jobruntime.launcher")), module.exports().stream()
                .filter(ModuleDescriptor.Exports::isQualified).map(ModuleDescriptor.Exports::targets)
                .collect(Collectors.toSet()));
        assertTrue(module.packages().contains("io.github.jobruntime.status"), module.packages().toString());
    }

    @Test
    void libraryNeedsNeitherPicocliNorTheHttpServer() {
        Set<String> requires = runtimeModule().descriptor().requires().stream().map(ModuleDescriptor.Requires::name)
                .collect(Collectors.toSet());

        assertFalse(requires.contains("info.picocli") || requires.contains("jdk.httpserver"), requires.toString());
    }

    @Test
    void builderOnlyJobRunsWithTheLibraryJteSlf4jApiAndJsoupAlone() throws IOException {
        Path source = Files.writeString(dir.resolve("BuilderOnlyJob.java"), BUILDER_ONLY_JOB);
        Path service = Files.createDirectories(dir.resolve("service"));
        String modulePath = libraryPath();

        Shell.Result run = Shell.run(dir, Map.of("JOB_RUNTIME_SERVICE_DIR", service.toString()), TIMEOUT,
                List.of(Shell.java(), "-p", modulePath, "--add-modules", "io.github.jobruntime", source.toString()));

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("ran", Platform.at(service).result().orElseThrow());
        String page = Platform.at(service).page().html();
        assertTrue(page.contains("<h1>Builder only</h1>"), page);
        assertFalse(modulePath.contains("picocli") || modulePath.contains("launcher"), modulePath);
        // No SLF4J provider there: the runtime's own lines still reach stderr, and it says why.
        assertTrue(run.err().contains("job-runtime: no SLF4J provider on the class path"), run.toString());
        assertTrue(run.err().contains("] INFO io.github.jobruntime.run.Run - Builder only - started, reporting to "
                + service), run.toString());
    }

    @Test
    void exampleRunsAsAModuleWithItsOwnPage() throws IOException {
        Path example = plainJar("examples/abortable_waiter/target", "abortable_waiter-");
        String name = ModuleFinder.of(example).findAll().iterator().next().descriptor().name();
        Path service = Files.createDirectories(dir.resolve("service"));

        Shell.Result run = Shell.run(dir, Map.of(), TIMEOUT, List.of(Shell.java(), "-p", modulePath(example),
                // an automatic module requires nothing: the library's modules are resolved by name
                "--add-modules", "ALL-MODULE-PATH", "-m", name + "/" + MAIN, "--service-dir", service.toString(), "0"));

        assertRanWithItsOwnPage(run, service);
    }

    @Test
    void exampleRunsFromTheClassPathWithTheLibraryOnTheModulePath() throws IOException {
        Path example = plainJar("examples/abortable_waiter/target", "abortable_waiter-");
        Path service = Files.createDirectories(dir.resolve("service"));

        Shell.Result run = Shell.run(dir, Map.of(), TIMEOUT, List.of(Shell.java(), "-p", modulePath(),
                "--add-modules", "ALL-MODULE-PATH", "-cp", example.toString(), MAIN,
                "--service-dir", service.toString(), "0"));

        assertRanWithItsOwnPage(run, service);
    }

    @Test
    void launcherRunsAsAModule() throws IOException {
        Path service = Files.createDirectories(dir.resolve("service"));

        Shell.Result run = Shell.run(dir, Map.of(), TIMEOUT, List.of(Shell.java(), "-p", modulePath(),
                "-m", "io.github.jobruntime.launcher/io.github.jobruntime.cli.Main", "run", "--service-dir",
                service.toString(), "--", "true"));

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Platform.at(service).page().html().contains("Succeeded"), Platform.at(service).page().html());
    }

    private static void assertRanWithItsOwnPage(Shell.Result run, Path service) {
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Platform.at(service).result().orElse("").startsWith("Done."),
                Platform.at(service).result().orElse(""));
        assertTrue(Platform.at(service).page().html().contains("About this wait"), Platform.at(service).page().html());
    }

    private static ModuleReference runtimeModule() {
        return ModuleFinder.of(plainJar("runtime/target", "job-runtime-")).find("io.github.jobruntime")
                .orElseThrow(() -> new AssertionError("runtime/target's jar is not the module io.github.jobruntime"));
    }

    /** {@return the library and its dependencies alone, as a module path} */
    private static String libraryPath() {
        return String.join(File.pathSeparator, jars(plainJar("runtime/target", "job-runtime-"), LIBRARY));
    }

    /** {@return the library, the launcher, their dependencies and {@code more}, as a module path} */
    private static String modulePath(Path... more) {
        List<String> path = jars(plainJar("runtime/target", "job-runtime-"), LIBRARY);
        path.addAll(jars(plainJar("launcher/target", "job-runtime-launcher-"), LAUNCHER));
        Stream.of(more).map(Path::toString).forEach(path::add);
        return String.join(File.pathSeparator, path);
    }

    /** {@return {@code jar} and the {@code dependencies} found on this test's class path} */
    private static List<String> jars(Path jar, List<String> dependencies) {
        List<String> path = new ArrayList<>();
        path.add(jar.toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
            if (dependencies.stream().anyMatch(entry::contains)) {
                path.add(entry);
            }
        }
        assertEquals(1 + dependencies.size(), path.size(), "the dependencies of " + jar + " on the class path: " + path);
        return path;
    }

    /** {@return the plain (not executable) jar built in {@code folder}, named {@code prefix}VERSION.jar} */
    private static Path plainJar(String folder, String prefix) {
        try (Stream<Path> files = Files.list(Checkout.file(folder))) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix))
                    .filter(file -> file.getFileName().toString().matches(".*-\\d[^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + prefix + "VERSION.jar in " + folder
                            + " - build it first: ./mvnw -B -pl e2e -am verify"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
