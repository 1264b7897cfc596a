package io.github.jobruntime.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.ChildJvm;
import io.github.jobruntime.testkit.Requirement;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher under a real {@code mpirun}: every rank runs its command, only rank 0 writes the service folder,
 * and an ABORT stops the commands of all ranks.
 */
@Timeout(120)
class RunCommand_MpiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private Path service;
    private Process mpirun;

    @BeforeEach
    void requireMpirun() throws IOException {
        boolean found = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "mpirun")));
        Requirement.assume("openmpi", found, "mpirun is not on PATH (Debian package openmpi-bin)");
        service = Files.createDirectory(temp.resolve("service"));
    }

    @AfterEach
    void stopMpirun() {
        if (mpirun != null) {
            mpirun.destroyForcibly();
        }
    }

    @Test
    void onlyRankZeroReportsAndAbortStopsEveryRank() throws Exception {
        Path pids = Files.createDirectory(temp.resolve("pids"));
        List<String> command = new ArrayList<>(List.of("mpirun", "-np", "2", "--oversubscribe", "--allow-run-as-root",
                "--bind-to", "none"));
        command.addAll(ChildJvm.command(Main.class, "run", "--service-dir", service.toString(),
                "--status-interval", "100ms", "--notify-poll-interval", "50ms", "--",
                "bash", "-c", "echo \"solver of rank $OMPI_COMM_WORLD_RANK\"; echo $$ > " + pids
                        + "/$OMPI_COMM_WORLD_RANK; exec sleep 300"));
        mpirun = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("mpirun.log").toFile())
                .start();
        await().atMost(PATIENCE).until(() -> Files.exists(pids.resolve("0")) && Files.exists(pids.resolve("1"))
                && Files.exists(service.resolve("status.html"))
                && Platform.at(service).page().html().contains("solver of rank 0"));
        List<Long> solvers = List.of(pid(pids.resolve("0")), pid(pids.resolve("1")));

        Platform.at(service).send("ABORT");

        assertTrue(mpirun.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), log());
        assertEquals(0, mpirun.exitValue(), log());
        solvers.forEach(pid -> assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                "the solver " + pid + " survived the ABORT\n" + log()));
        assertTrue(Platform.at(service).result().orElse("").startsWith("ABORTED: requested by user"),
                Platform.at(service).result().orElse(""));
        String page = Platform.at(service).page().html();
        assertFalse(page.contains("solver of rank 1"), "rank 1 wrote the page: " + page);
        assertTrue(log().contains("MPI rank 1: running without writing to " + service), log());
    }

    private static long pid(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).strip());
    }

    private String log() {
        try {
            return Files.readString(temp.resolve("mpirun.log"));
        } catch (IOException e) {
            return "(no mpirun log: " + e.getMessage() + ")";
        }
    }
}
