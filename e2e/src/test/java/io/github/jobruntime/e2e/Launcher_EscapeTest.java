package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.Pids;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar job-runtime.jar run} against a process that escapes its tree: it drops the environment cookie
 * ({@code env -i}) and leaves the session ({@code setsid -f}). On Java 22 and later the launcher is a child subreaper,
 * so the escapee comes back to it and is stopped; on Java 17 the result says what the launcher cannot see.
 */
class Launcher_EscapeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final boolean SUBREAPER = Runtime.version().feature() >= 22;

    @TempDir
    Path dir;

    /** Processes that escaped on purpose: killed after the test, by pid and start time. */
    private final List<Pids.Started> escapees = new CopyOnWriteArrayList<>();

    @AfterEach
    void killEscapees() {
        escapees.forEach(Pids.Started::kill);
    }

    @Test
    void escapeeIgnoringTermIsKilledOrTheResultSaysWhatCannotBeSeen() throws Exception {
        Path service = Files.createDirectories(dir.resolve("service"));
        Path pids = dir.resolve("pids");
        Path log = dir.resolve("launcher.log");
        Process launcher = Shell.start(dir, Map.of(), log, List.of(Shell.java(), "-jar",
                Checkout.file("launcher/target/job-runtime.jar").toString(), "run", "--service-dir", service.toString(),
                "--abort-grace", "10s", "--", "sh", "-c", "env -i setsid -f sh -c 'trap \"\" TERM; echo $$ > " + pids
                        + "; exec sleep 600' </dev/null >/dev/null 2>&1; exec sleep 600"));
        try {
            Pids.Started escapee = Pids.identify(Pids.await(pids, 1, PATIENCE).get(0));
            escapees.add(escapee);

            Platform.at(service).send("ABORT");

            assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the launcher did not end");
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertEquals(0, launcher.exitValue(), output);
            String result = Platform.at(service).result().orElse("");
            // The setsid that forked it may still be on its way out when the abort comes: one more process.
            if (SUBREAPER) {
                assertTrue(result.matches("ABORTED: requested by user - SIGTERM to the command's \\d+ processes, 1 of "
                        + "them outside its session and without JOB_RUNTIME_COOKIE; SIGKILL to the 1 still running at "
                        + "the end of the grace; all gone after [0-9.]+ s, exit code 143"), result);
                assertFalse(escapee.running(), "the escapee survived the abort");
            } else {
                // Found only if the abort came before its parent ended; either way the result owns up to what it
                // cannot see.
                assertTrue(result.matches("ABORTED: requested by user - SIGTERM to the command's .*; every process "
                        + "found is gone after [0-9.]+ s, exit code 143, but processes that left its session and "
                        + "dropped JOB_RUNTIME_COOKIE from their environment cannot be seen from here"), result);
            }
            // No JVM warning about restricted methods or native access reaches the job's log.
            assertFalse(output.contains("WARNING"), output);
        } finally {
            launcher.destroyForcibly();
        }
    }
}
