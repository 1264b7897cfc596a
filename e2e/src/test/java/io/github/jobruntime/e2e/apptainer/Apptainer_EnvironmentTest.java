package io.github.jobruntime.e2e.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The job's log in a real Apptainer: no "Picked up …" notes of the JVM from our images, and a host's JVM options,
 * which Apptainer passes into the container, never reach the launcher's or the examples' JVM (G1 would conflict
 * with their serial GC and stop the JVM).
 */
@Tag("apptainer")
@ExtendWith(ImagesExtension.class)
class Apptainer_EnvironmentTest {

    /** What a site may set on its nodes; with the images' -XX:+UseSerialGC, any of them stops a JVM it reaches. */
    private static final List<String> HOST_OPTIONS = List.of("JAVA_TOOL_OPTIONS=-XX:+UseG1GC",
            "_JAVA_OPTIONS=-XX:+UseG1GC", "JDK_JAVA_OPTIONS=-XX:+UseG1GC");

    @TempDir
    Path dir;

    private SidRoot.Result run(SidRoot sid, Images images, boolean hostOptions, String image, List<String> command) {
        ContainerJob.folders(dir);
        List<String> argv = new ArrayList<>();
        if (hostOptions) {
            argv.add("env");
            argv.addAll(HOST_OPTIONS);
        }
        argv.addAll(ContainerJob.platform("exec", List.of(), dir));
        argv.add(images.image(image).toString());
        argv.addAll(command);
        return sid.run(SidRoot.JOB_USER, List.of(dir, images.folder()), Map.of(), Duration.ofMinutes(5), argv);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"waiter", "abortable_waiter"})
    void exampleLogHasNoPickedUpLinesAndTheHostsJvmOptionsDoNotReachIt(String example, SidRoot sid, Images images) {
        for (boolean hostOptions : List.of(false, true)) {
            SidRoot.Result run = run(sid, images, hostOptions, example,
                    List.of("java", "-jar", "/opt/" + example + "/" + example + ".jar", "1"));

            assertEquals(0, run.exitCode(), "host options " + hostOptions + ": " + run);
            assertFalse(run.output().contains("Picked up"), "host options " + hostOptions + ": " + run.output());
        }
    }

    @Test
    void launcherLogHasNoPickedUpLinesAndTheHostsJvmOptionsDoNotReachIt(SidRoot sid, Images images) {
        for (boolean hostOptions : List.of(false, true)) {
            SidRoot.Result run = run(sid, images, hostOptions, Images.BASE, List.of("job-runtime", "run", "--", "true"));

            assertEquals(0, run.exitCode(), "host options " + hostOptions + ": " + run);
            assertFalse(run.output().contains("Picked up"), "host options " + hostOptions + ": " + run.output());
        }
    }
}
