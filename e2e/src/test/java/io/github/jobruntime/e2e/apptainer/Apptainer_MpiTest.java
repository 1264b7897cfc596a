package io.github.jobruntime.e2e.apptainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hybrid MPI layout in a real Apptainer: the host's {@code mpirun -np 2} starts one {@code apptainer exec} per
 * rank, each running the launcher around a small MPI solver built in the image with the image's Open MPI. Rank 0
 * reports; ABORT ends both ranks.
 */
@Tag("apptainer")
@ExtendWith(ImagesExtension.class)
class Apptainer_MpiTest {

    @TempDir
    Path dir;

    private List<String> mpirun(Images images, List<String> options) {
        List<String> argv = new ArrayList<>(List.of("mpirun", "-np", "2", "--oversubscribe", "--bind-to", "none"));
        argv.addAll(ContainerJob.platform("exec", List.of(), dir));
        argv.addAll(List.of(images.image(Images.MPI).toString(), "job-runtime", "run", "--workdir", "/scratch",
                "--progress", "Step (?<done>\\d+) of (?<total>\\d+)"));
        argv.addAll(options);
        argv.addAll(List.of("--", "/opt/steps/steps", "120"));
        return argv;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // Every rank's launcher creates the file; rank 0 sees it and tells rank 1: both end with MPI_Finalize.
        "--abort-file=abort   | true",
        // The solver's ranks get the signal: mpirun reports them, and its code is not 0.
        "--abort-signal=TERM  | false",
    })
    void abortEndsBothRanks(String option, boolean clean, SidRoot sid, Images images) {
        ContainerJob.folders(dir);
        try (ContainerJob job = ContainerJob.launch(sid, images, dir, Map.of(), mpirun(images, List.of(option)))) {
            job.awaitDone(2);
            Set<ProcessHandle> all = job.processes();
            assertEquals(2, all.stream().filter(p -> p.info().command().orElse("").endsWith("/steps")).count(),
                    "two ranks of the solver run: " + all);
            long abort = System.nanoTime();
            job.abort();
            long toResult = job.awaitResult(abort);
            int code = job.exitCode();
            ContainerJob.awaitGone(all);
            long allGone = ContainerJob.millisSince(abort);

            assertTrue(job.result().startsWith("ABORTED: requested by user"), job.result());
            assertEquals(JobState.ABORTED, Platform.at(job.service()).page().state().orElse(null), job.page());
            assertTrue(job.log().contains("MPI rank 1: running without writing to /service"), job.log());
            if (clean) {
                assertEquals(0, code, job.log());
                assertTrue(job.log().contains("abort file found before step"), job.log());
            } else {
                assertNotEquals(0, code, job.log());
            }
            ContainerJob.report("MPI, a launcher per rank, %s: ABORT -> result %d ms, every rank gone %d ms,"
                    + " mpirun exit %d", option, toResult, allGone, code);
        }
    }
}
