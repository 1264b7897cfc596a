package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The library as a module: it exports its API package only, and the abortable waiter, whose precompiled jte
 * template calls that API, runs with the library on the module path, as a module of its own or from the class
 * path; so does the launcher.
 */
class ExampleJars_ModulePathTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String MAIN = "io.github.jobruntime.examples.abortablewaiter.AbortableWaiter";
    /** The library's dependencies, as found on this test's class path. */
    private static final List<String> DEPENDENCIES = List.of("/gg/jte/jte-runtime/", "/info/picocli/picocli/",
            "/org/slf4j/slf4j-api/", "/org/slf4j/slf4j-simple/", "/org/jsoup/jsoup/");

    @TempDir
    Path dir;

    @Test
    void libraryExportsItsApiPackageOnly() {
        ModuleDescriptor module = runtimeModule().descriptor();

        assertEquals(Set.of("io.github.jobruntime"),
                module.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        assertTrue(module.packages().contains("io.github.jobruntime.status"), module.packages().toString());
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
                "-m", "io.github.jobruntime/io.github.jobruntime.cli.Main", "run", "--service-dir",
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

    /** {@return the library, its dependencies and {@code more}, as a module path} */
    private static String modulePath(Path... more) {
        List<String> path = new ArrayList<>();
        path.add(plainJar("runtime/target", "job-runtime-").toString());
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator, -1)) {
            if (DEPENDENCIES.stream().anyMatch(entry::contains)) {
                path.add(entry);
            }
        }
        assertEquals(1 + DEPENDENCIES.size(), path.size(), "the library's dependencies on the class path: " + path);
        Stream.of(more).map(Path::toString).forEach(path::add);
        return String.join(File.pathSeparator, path);
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
