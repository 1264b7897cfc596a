package io.github.jobruntime.preview;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.testkit.Pids;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job command started as the platform starts one: its three folders in the environment, stopped with SIGTERM. */
class LaunchedCommandTest {

    @TempDir
    Path temp;

    private JobFolders folders() {
        return JobFolders.create(temp.resolve("service"), temp.resolve("home"), temp.resolve("scratch"));
    }

    @Test
    void commandFindsItsFoldersInItsEnvironment() throws IOException {
        JobFolders folders = folders();

        LaunchedCommand command = LaunchedCommand.start(List.of("sh", "-c", "printf '%s\\n%s\\n%s\\n' "
                + "\"$JOB_RUNTIME_SERVICE_DIR\" \"$JOB_RUNTIME_HOME_DIR\" \"$JOB_RUNTIME_SCRATCH_DIR\" "
                + "> \"$JOB_RUNTIME_SERVICE_DIR/env.txt\""), folders);
        command.exit().join();

        assertEquals(List.of(folders.service().toString(), folders.home().toString(), folders.scratch().toString()),
                Files.readAllLines(folders.service().resolve("env.txt")));
    }

    @Test
    void exitCodeIsKnownOnceTheCommandEnds() {
        LaunchedCommand command = LaunchedCommand.start(List.of("sh", "-c", "exit 7"), folders());

        assertEquals(7, command.exit().join().exitCode());
        assertEquals(7, command.exited().orElseThrow().exitCode());
        assertFalse(command.exit().join().at().isBefore(command.startedAt()));
    }

    @Test
    void closeCancelsARunningCommandWithSigterm() {
        JobFolders folders = folders();
        LaunchedCommand command = LaunchedCommand.start(List.of("sh", "-c",
                "trap 'echo TERM > \"$JOB_RUNTIME_SERVICE_DIR/signal.txt\"; exit 143' TERM; "
                        + "touch \"$JOB_RUNTIME_SERVICE_DIR/ready\"; while :; do sleep 1; done"), folders);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(folders.service().resolve("ready")));

        command.close();

        assertEquals(143, command.exit().join().exitCode());
        assertTrue(Files.exists(folders.service().resolve("signal.txt")));
    }

    @Test
    void closeStopsWhatTheCommandLeftRunningAfterItExited() {
        Path pidFile = temp.resolve("orphan.pid");
        LaunchedCommand command = LaunchedCommand.start(
                List.of("bash", "-c", "sleep 300 & echo $! > " + pidFile + "; exit 0"), folders());
        long orphan = Pids.await(pidFile, 1, Duration.ofSeconds(10)).get(0);
        assertEquals(0, command.exit().join().exitCode());

        command.close();

        assertFalse(Pids.running(orphan), "the command's orphan outlived the preview");
    }

    @Test
    void unknownProgramNamesTheCommand() {
        JobConfigurationException e = assertThrows(JobConfigurationException.class,
                () -> LaunchedCommand.start(List.of("no-such-program-xyz", "1"), folders()));

        assertTrue(e.getMessage().contains("no-such-program-xyz"), e.getMessage());
    }

    @Test
    void missingFoldersAreMadeInOneTempFolderThatIsRemovedWithoutTheGivenOne() throws IOException {
        Path home = temp.resolve("given-home");

        JobFolders folders = JobFolders.create(null, home, null);

        assertEquals(home.toAbsolutePath(), folders.home());
        assertTrue(Files.isDirectory(folders.home()));
        assertEquals(folders.temp().orElseThrow(), folders.service().getParent());
        assertEquals(folders.service().getParent(), folders.scratch().getParent());
        assertEquals("service", folders.service().getFileName().toString());
        assertTrue(Files.isDirectory(folders.scratch()));
        Files.writeString(folders.scratch().resolve("mesh.dat"), "cells");
        Files.createSymbolicLink(folders.scratch().resolve("home"), home);

        folders.removeTemp();

        assertFalse(Files.exists(folders.temp().orElseThrow()));
        assertTrue(Files.isDirectory(home), "a given folder stays, even when linked from a removed one");
    }

    @Test
    void givenFoldersAreNeverRemoved() {
        JobFolders folders = folders();

        folders.removeTemp();

        assertEquals(Optional.empty(), folders.temp());
        assertTrue(Files.isDirectory(folders.service()) && Files.isDirectory(folders.home())
                && Files.isDirectory(folders.scratch()));
    }
}
