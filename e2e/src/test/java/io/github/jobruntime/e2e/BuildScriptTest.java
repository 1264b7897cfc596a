package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.Requirement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * singularity/build.sh run for real in a copy of the repository, with stand-ins for apptainer and singularity
 * that record how they are called: no image is really built here.
 */
class BuildScriptTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** What build.sh may use besides the container tool. */
    private static final String[] TOOLS = {"bash", "dirname", "basename", "awk", "rm"};
    private static final int NOBODY = 65534;

    @TempDir
    Path dir;
    private Path repo;

    @BeforeEach
    void copyRepository() throws IOException {
        // Readable by the user build.sh runs as in the tests without root.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        repo = dir.resolve("repo");
        List<String> files = new ArrayList<>(List.of("singularity/build.sh"));
        RecipesTest.recipes().forEach(recipe -> {
            files.add("singularity/" + recipe.file().getFileName());
            recipe.files().forEach(copy -> files.add(copy.source()));
        });
        Checkout.copy(repo, files);
        try (Stream<Path> tree = Files.walk(repo)) {
            for (Path folder : tree.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private static boolean isRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tell this JVM's user from /proc/self", e);
        }
    }

    private Shell.Result build(ToolBin bin, String... args) {
        return run(List.of(), bin, args);
    }

    private Shell.Result run(List<String> prefix, ToolBin bin, String... args) {
        return run(prefix, Map.of(), bin, args);
    }

    /** Runs build.sh with PATH the tool folder alone and, unless {@code env} says otherwise, not under sudo. */
    private Shell.Result run(List<String> prefix, Map<String, String> env, ToolBin bin, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(repo.resolve("singularity/build.sh").toString());
        command.addAll(List.of(args));
        Map<String, String> environment = new HashMap<>(Map.of("PATH", bin.path(), "SUDO_USER", ""));
        environment.putAll(env);
        return Shell.run(dir, environment, TIMEOUT, command);
    }

    /** Lets a user other than root write the images into singularity/. */
    private void imagesWritableByAll() throws IOException {
        Files.setPosixFilePermissions(repo.resolve("singularity"), PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** Replaces the Maven wrapper with a stand-in that records its arguments and makes the missing launcher jar. */
    private Path deleteTheLauncherJar() throws IOException {
        Path launcher = repo.resolve("launcher/target/job-runtime.jar");
        Files.delete(launcher);
        Path mvnw = repo.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\necho \"$*\" >> mvnw-calls.txt\ntouch launcher/target/job-runtime.jar\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        return launcher;
    }

    /** {@return the command that runs the rest as user nobody, or nothing when this JVM is not root anyway} */
    private static List<String> notRoot() {
        if (!isRoot()) {
            return List.of();
        }
        Optional<Path> setpriv = ToolBin.find("setpriv");
        Requirement.assume("setpriv", setpriv.isPresent(),
                "setpriv (util-linux) is needed to run build.sh as a user other than root");
        return List.of(setpriv.get().toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
    }

    /** {@return the options build.sh needs to get past its root check as the user running these tests} */
    private static String[] asThisUser() {
        return isRoot() ? new String[0] : new String[] {"--fakeroot"};
    }

    private static String buildCall(String tool, String name, String... options) {
        String flags = Stream.concat(Stream.of("--force"), Stream.of(options)).collect(Collectors.joining(" "));
        return tool + " build " + flags + " singularity/" + name + ".simg singularity/" + name + ".def";
    }

    private List<String> images() throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve("singularity"))) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".simg")).sorted().toList();
        }
    }

    @Test
    void withNeitherApptainerNorSingularityItSaysWhatToInstall() throws IOException {
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS);

        Shell.Result run = build(bin);

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("neither apptainer nor singularity is on the PATH - install Apptainer"),
                run.toString());
        assertEquals(List.of(), images());
    }

    @Test
    void buildsTheBaseLayerFirstThenEveryExampleOnItReplacingOldImages() throws IOException {
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS).fakeContainerTool("apptainer");
        Files.writeString(repo.resolve("singularity/waiter.simg"), "an image of an earlier build");

        Shell.Result run = build(bin, asThisUser());

        assertEquals(0, run.exitCode(), run.toString());
        List<String> calls = bin.calls();
        assertEquals(buildCall("apptainer", RecipesTest.BASE, asThisUser()), calls.get(0), calls.toString());
        Set<String> examples = RecipesTest.examples()
                .map(example -> buildCall("apptainer", example.name(), asThisUser()))
                .collect(Collectors.toSet());
        assertEquals(examples, Set.copyOf(calls.subList(1, calls.size())),
                "each example once, nothing stale: " + calls);
        assertEquals(List.of("abortable_waiter.simg", "job-runtime.simg", "waiter.simg"), images());
        assertEquals("image\n", Files.readString(repo.resolve("singularity/waiter.simg"), StandardCharsets.UTF_8));
        assertTrue(run.out().contains("The platform expects the .simg extension"), run.toString());
        assertTrue(run.out().contains("./test.sh waiter"), run.toString());
    }

    @Test
    void usesApptainerWhenBothAreInstalled() throws IOException {
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS)
                .fakeContainerTool("apptainer").fakeContainerTool("singularity");

        Shell.Result run = build(bin, asThisUser());

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(bin.calls().stream().allMatch(call -> call.startsWith("apptainer build ")), bin.calls().toString());
    }

    @Test
    void usesSingularityWhenApptainerIsMissing() throws IOException {
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS).fakeContainerTool("singularity");

        Shell.Result run = build(bin, asThisUser());

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(buildCall("singularity", RecipesTest.BASE, asThisUser()), bin.calls().get(0));
        assertTrue(bin.calls().stream().allMatch(call -> call.startsWith("singularity build ")),
                bin.calls().toString());
    }

    @Test
    void withoutRootOrSudoItPointsToRootAndFakeroot() throws IOException {
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS).fakeContainerTool("apptainer");

        Shell.Result run = run(notRoot(), bin);

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.err().contains("building an image with apptainer needs root, and sudo is not on the PATH -"
                + " run it as root, or 'singularity/build.sh --fakeroot'"), run.toString());
        assertEquals(List.of(), bin.calls());
    }

    @Test
    void asAUserOnlyTheImageBuildRunsThroughSudoWithTheBuildersFullPath() throws IOException {
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS).fakeSudo()
                .fakeContainerTool("singularity", "singularity-ce version 3.11.4");
        imagesWritableByAll();

        Shell.Result run = run(notRoot(), bin);

        assertEquals(0, run.exitCode(), run.toString());
        String sudo = "sudo " + bin.path() + "/" + buildCall("singularity", RecipesTest.BASE);
        assertEquals(List.of(sudo, buildCall("singularity", RecipesTest.BASE)), bin.calls().subList(0, 2));
        assertEquals(6, bin.calls().size(), "sudo and the build, per image: " + bin.calls());
        assertTrue(run.out().contains("builds images as root: it runs through sudo"), run.toString());
    }

    @Test
    void apptainer11AndLaterBuildAsTheUserWithoutSudo() throws IOException {
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS).fakeSudo()
                .fakeContainerTool("apptainer", "apptainer version 1.1.0");
        imagesWritableByAll();

        Shell.Result run = run(notRoot(), bin);

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(buildCall("apptainer", RecipesTest.BASE), bin.calls().get(0));
        assertEquals(3, bin.calls().size(), "no sudo, no --fakeroot: " + bin.calls());
    }

    @Test
    void underSudoTheJarsAreBuiltAsTheUserWhoRanSudoAndUsrLocalBinIsSearched() throws IOException {
        Requirement.assume("root", isRoot(), "build.sh takes its sudo path only when run as root");
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS).link("touch", "env").fakeSudo()
                .fakeContainerTool("apptainer");
        Path launcher = deleteTheLauncherJar();

        Shell.Result run = run(List.of(), Map.of("SUDO_USER", "alice"), bin);

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("sudo -u alice -H env PATH=" + bin.path() + ":/usr/local/bin ./mvnw -q -B -DskipTests package",
                bin.calls().get(0));
        assertEquals(List.of("-q -B -DskipTests package"), Files.readAllLines(repo.resolve("mvnw-calls.txt")));
        assertTrue(Files.exists(launcher));
        assertEquals(buildCall("apptainer", RecipesTest.BASE), bin.calls().get(1), "the image build as root: "
                + bin.calls());
        assertEquals(4, bin.calls().size(), bin.calls().toString());
    }

    @Test
    void withFakerootItBuildsWithoutRoot() throws IOException {
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS).fakeContainerTool("apptainer");
        imagesWritableByAll();

        Shell.Result run = run(notRoot(), bin, "--fakeroot");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(buildCall("apptainer", RecipesTest.BASE, "--fakeroot"), bin.calls().get(0));
        assertEquals(3, bin.calls().size(), bin.calls().toString());
    }

    @Test
    void buildsTheJarsFirstWhenOneIsMissing() throws IOException {
        ToolBin bin = ToolBin.in(dir.resolve("bin")).link(TOOLS).link("touch").fakeContainerTool("apptainer");
        Path launcher = deleteTheLauncherJar();

        Shell.Result run = build(bin, asThisUser());

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("-q -B -DskipTests package"), Files.readAllLines(repo.resolve("mvnw-calls.txt")));
        assertTrue(run.out().contains("build.sh: launcher/target/job-runtime.jar is missing, building the jars first"),
                run.toString());
        assertTrue(Files.exists(launcher));
        assertEquals(3, bin.calls().size(), bin.calls().toString());
    }
}
