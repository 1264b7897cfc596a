package io.github.jobruntime.e2e.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** test.sh with a real Apptainer and the example's image there runs the image with the platform's command line. */
@Tag("apptainer")
@ExtendWith(ImagesExtension.class)
class Apptainer_TestScriptTest {

    @TempDir
    Path dir;

    @Test
    void testShRunsTheExampleInsideItsImageAndAppendsAbort(SidRoot sid, Images images) throws IOException {
        ContainerJob.folders(dir);
        Path copy = dir.resolve("home");
        Files.copy(Repository.file("test.sh"), copy.resolve("test.sh"));
        Files.createDirectories(copy.resolve("singularity"));
        Files.copy(images.image("abortable_waiter"), copy.resolve("singularity/abortable_waiter.simg"));
        try (var tree = Files.walk(copy)) {
            for (Path path : tree.toList()) {
                Files.setAttribute(path, "unix:uid", SidRoot.JOB_UID);
                Files.setAttribute(path, "unix:gid", SidRoot.JOB_UID);
            }
        }

        SidRoot.Result run = sid.run(SidRoot.JOB_USER, List.of(dir), Map.of(), Duration.ofMinutes(5),
                List.of("sh", "-c", "cd \"$1\" && ./test.sh abortable_waiter 60 --abort-after 2", "test", copy.toString()));

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.output().contains("test.sh: running the platform's command line: apptainer exec -H " + copy
                + "/temp_home:/home -B " + copy + "/temp_scratch:/scratch -B " + copy + "/temp_service:/service "
                + copy + "/singularity/abortable_waiter.simg java -jar /opt/abortable_waiter/abortable_waiter.jar 60"),
                run.output());
        assertTrue(run.output().matches("(?s).*result\\.txt: Done\\. My waiting was aborted after \\d+ seconds\\..*"),
                run.output());
    }
}
