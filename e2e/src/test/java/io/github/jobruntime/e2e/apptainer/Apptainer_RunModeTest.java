package io.github.jobruntime.e2e.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Any command made a job through the base layer, in a real Apptainer: {@code apptainer run job-runtime.simg run --
 * CMD} (the image's runscript) and {@code apptainer exec … job-runtime.simg job-runtime run -- CMD}. The command
 * prints its steps and leaves a process of its own in the background, which ABORT must end too.
 */
@Tag("apptainer")
@ExtendWith(ImagesExtension.class)
class Apptainer_RunModeTest {

    /** Steps a second apart, and a child that outlives nothing: the launcher must stop it too. */
    private static final String SOLVER = "sleep 600 & for i in $(seq 1 120); do echo \"Step $i of 120\"; sleep 1; done";

    @TempDir
    Path dir;

    private static List<String> command(String verb) {
        List<String> command = new ArrayList<>();
        if (verb.equals("exec")) {
            command.add("job-runtime");
        }
        command.addAll(List.of("run", "--progress", "Step (?<done>\\d+) of (?<total>\\d+)", "--", "sh", "-c", SOLVER));
        return command;
    }

    @ParameterizedTest(name = "apptainer {0}")
    @ValueSource(strings = {"run", "exec"})
    void progressFromTheOutputThenAbortStopsTheWholeTreeAndLeavesNoProcess(String verb, SidRoot sid, Images images) {
        try (ContainerJob job = ContainerJob.start(sid, images, dir, java.util.Map.of(), verb, List.of(),
                Images.BASE, command(verb))) {
            job.awaitDone(2);
            assertTrue(job.page().contains("of 120") || Platform.at(job.service()).page().done().orElse(-1) >= 2,
                    job.page());
            Set<ProcessHandle> all = job.processes();
            assertTrue(all.stream().anyMatch(p -> p.info().command().orElse("").endsWith("/sleep")),
                    "the command's background sleep runs: " + all);
            long abort = System.nanoTime();
            job.abort();
            long toResult = job.awaitResult(abort);

            assertEquals(0, job.exitCode(), job.log());
            assertTrue(job.result().startsWith("ABORTED: requested by user"), job.result());
            assertEquals(JobState.ABORTED, Platform.at(job.service()).page().state().orElse(null), job.page());
            ContainerJob.awaitGone(all);
            ContainerJob.report("run mode, apptainer %s: ABORT -> result %d ms, every process gone", verb, toResult);
        }
    }
}
