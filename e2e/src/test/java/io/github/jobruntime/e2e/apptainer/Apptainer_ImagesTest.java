package io.github.jobruntime.e2e.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The images built for real (the base layer from Debian with {@code build.sh --debian}, both examples and the MPI
 * test image on it): each passes its {@code %test}, nothing writes inside an image at run time, and the class-data
 * archive the recipe makes really maps when the image's command runs.
 */
@Tag("apptainer")
@ExtendWith(ImagesExtension.class)
class Apptainer_ImagesTest {

    private static final Duration LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    static List<String> names() {
        return Images.names();
    }

    private static SidRoot.Result asJob(SidRoot sid, Images images, Path dir, List<String> argv) {
        ContainerJob.folders(dir);
        return sid.run(SidRoot.JOB_USER, List.of(dir, images.folder()), Map.of(), LIMIT, argv);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void imagePassesItsTest(String name, SidRoot sid, Images images) {
        SidRoot.Result test = asJob(sid, images, dir, List.of(SidRoot.TOOL, "test", images.image(name).toString()));
        assertEquals(0, test.exitCode(), "apptainer test " + name + ": " + test);
    }

    @Test
    void baseLayerIsDebian12WithDebiansJava17(SidRoot sid, Images images) {
        SidRoot.Result run = asJob(sid, images, dir, List.of(SidRoot.TOOL, "exec", images.image(Images.BASE).toString(),
                "sh", "-c", "cat /etc/debian_version; readlink -f /usr/bin/java; java -version 2>&1"));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.output().lines().anyMatch(line -> line.startsWith("12.")), run.output());
        assertTrue(run.output().contains("/usr/lib/jvm/java-17-openjdk-"), run.output());
        assertTrue(run.output().contains("openjdk version \"17."), run.output());
    }

    /** A sandbox of the image, as the platform's user runs it: afterwards nothing in it is newer than before. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"waiter", "abortable_waiter"})
    void nothingWritesInsideTheImageAtRunTime(String example, SidRoot sid, Images images) throws IOException {
        ContainerJob.folders(dir);
        // Unpacked by the job's user, as Apptainer does at each start here: root lacks CAP_SYS_RESOURCE.
        Path sandbox = dir.resolve("home").resolve(example);
        SidRoot.Result convert = sid.run(SidRoot.JOB_USER, List.of(dir, images.folder()), Map.of(), LIMIT,
                List.of(SidRoot.TOOL, "build", "--sandbox", sandbox.toString(), images.image(example).toString()));
        assertEquals(0, convert.exitCode(), convert.toString());
        Path marker = dir.resolve("before-the-run");
        Files.writeString(marker, "");
        Files.setLastModifiedTime(marker, Files.getLastModifiedTime(marker));

        List<String> argv = new ArrayList<>(ContainerJob.platform("exec", List.of(), dir));
        argv.addAll(List.of(sandbox.toString(), "java", "-jar", "/opt/" + example + "/" + example + ".jar", "1"));
        SidRoot.Result run = asJob(sid, images, dir, argv);

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("Done. I have waited 1 seconds.", Files.readString(dir.resolve("service/result.txt")));
        try (Stream<Path> tree = Files.walk(sandbox)) {
            long since = Files.getLastModifiedTime(marker).toMillis();
            List<Path> written = tree.filter(p -> !Files.isSymbolicLink(p)).filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).toMillis() >= since;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(), written, "written inside the image by the run");
        }
    }

    /**
     * {@code -Xshare:on} stops the JVM when the archive cannot map, and {@code -Xlog:cds} says which one it opened:
     * the examples' JVMs, started with the image's options as the platform starts them.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"waiter", "abortable_waiter"})
    void examplesClassArchiveMapsWhenTheirJarRuns(String example, SidRoot sid, Images images) {
        List<String> argv = new ArrayList<>(ContainerJob.platform("exec", List.of(), dir));
        argv.addAll(List.of(images.image(example).toString(), "java", "-Xshare:on", "-Xlog:cds=info",
                "-Xlog:class+load=info", "-jar", "/opt/" + example + "/" + example + ".jar", "1"));
        SidRoot.Result run = asJob(sid, images, dir, argv);

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.output().contains("/opt/" + example + "/" + example + ".jsa"), run.output());
        assertTrue(run.output().contains("io.github.jobruntime.JobRuntime source: shared objects file"), run.output());
    }

    /**
     * The launcher command of the base layer takes no JVM options from the environment, so the archive is checked
     * where it counts: the running launcher JVM has the archive its command names mapped (/proc/PID/maps).
     */
    @Test
    void launchersClassArchiveIsMappedByTheRunningLauncher(SidRoot sid, Images images) throws IOException {
        try (ContainerJob job = ContainerJob.exec(sid, images, dir, List.of(), Images.BASE,
                List.of("job-runtime", "run", "--", "sleep", "600"))) {
            job.awaitState(JobState.RUNNING);
            ProcessHandle launcher = job.processes().stream()
                    .filter(p -> p.info().command().orElse("").endsWith("/bin/java")).findFirst()
                    .orElseThrow(() -> new AssertionError("no launcher JVM under apptainer: " + job.processes()));
            String maps = Files.readString(Path.of("/proc", Long.toString(launcher.pid()), "maps"));
            assertTrue(maps.contains("/opt/job-runtime/job-runtime.jsa"), "the archive is not mapped:\n" + maps);
        }
    }
}
