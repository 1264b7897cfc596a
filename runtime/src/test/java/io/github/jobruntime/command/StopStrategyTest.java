package io.github.jobruntime.command;

import io.github.jobruntime.os.ProcessTree;
import io.github.jobruntime.os.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two ways a stop request ends a command, with a real process each. */
@Timeout(120)
class StopStrategyTest {

    /** Generous, for a loaded machine: the stops below end well before it, unless they fail. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private ProcessTree tree;

    @AfterEach
    void killCommand() {
        if (tree != null) {
            tree.process().destroyForcibly();
        }
    }

    // given

    /** A command that ends by itself as soon as the file {@code stop} appears in its working directory. */
    private ProcessTree commandWatchingFor(String file) throws IOException {
        tree = ProcessTree.start(new ProcessBuilder("bash", "-c", "while [ ! -e " + file + " ]; do sleep 0.05; done")
                .directory(temp.toFile()));
        return tree;
    }

    // then

    @Test
    void signalStopsTheWholeTree() throws IOException {
        StopStrategy.Stopped stopped = new StopStrategy.SendSignal(Signal.TERM)
                .stop(commandWatchingFor("never"), Instant.now().plus(GRACE));

        assertEquals("", stopped.how());
        assertEquals(Optional.of(Signal.TERM), stopped.report().signal());
        assertEquals(0, stopped.report().killed(), stopped.report().describe());
        assertFalse(tree.process().isAlive());
    }

    @Test
    void stopFileIsCreatedAndTheCommandEndsByItself() throws IOException {
        StopStrategy.Stopped stopped = new StopStrategy.CreateFile(Path.of("stop"), temp, Signal.TERM)
                .stop(commandWatchingFor("stop"), Instant.now().plus(GRACE));

        assertEquals("created stop; ", stopped.how());
        assertEquals(Optional.empty(), stopped.report().signal(), stopped.report().describe());
        assertEquals(0, stopped.report().killed(), stopped.report().describe());
        assertTrue(Files.exists(temp.resolve("stop")));
    }

    @Test
    void stopFileThatCannotBeCreatedSendsTheSignalInstead() throws IOException {
        StopStrategy.Stopped stopped = new StopStrategy.CreateFile(Path.of("stop"), temp.resolve("missing"), Signal.HUP)
                .stop(commandWatchingFor("stop"), Instant.now().plus(GRACE));

        assertEquals("", stopped.how());
        assertEquals(Optional.of(Signal.HUP), stopped.report().signal());
        assertEquals(0, stopped.report().killed(), stopped.report().describe());
        assertFalse(tree.process().isAlive());
    }
}
