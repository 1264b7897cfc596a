package io.github.jobruntime.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The edges of a run's life, tried with the built launcher as a user runs it: a message appended the moment the
 * first page appears, one left from before it, two launchers on one folder, and one whose launcher was killed.
 */
class Launcher_RunEdgesTest {

    private static final Duration PATIENCE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private Path service() throws IOException {
        return Files.createDirectories(dir.resolve("service"));
    }

    private Process launch(Path service, Path log, String... commandLine) {
        List<String> command = new ArrayList<>(List.of(Shell.java(), "-jar",
                Checkout.file("launcher/target/job-runtime.jar").toString(), "run", "--service-dir",
                service.toString()));
        command.addAll(List.of(commandLine));
        Process process = Shell.start(dir, Map.of(), log, command);
        started.add(process);
        return process;
    }

    private static String read(Path file) {
        return Texts.readOrEmpty(file);
    }

    private static int exitCode(Process process) throws InterruptedException {
        assertTrue(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "still running after " + PATIENCE);
        return process.exitValue();
    }

    /** {@return every file of the folder with its content, but for the page, which the running job rewrites} */
    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!name.equals("status.html") && !name.startsWith(".status.html.")) {
                    contents.put(name, read(file));
                }
            }
        }
        return contents;
    }

    @Test
    void abortAppendedTheMomentTheFirstPageAppearsStopsTheJob() throws Exception {
        Path service = service();
        Process job = launch(service, dir.resolve("job.log"), "--", "sleep", "60");
        // Busy-waits on purpose: the message must land as early as a user's click on the first page can.
        long gaveUpAt = System.nanoTime() + PATIENCE.toNanos();
        while (!Files.exists(service.resolve("status.html")) && System.nanoTime() < gaveUpAt) {
            Thread.onSpinWait();
        }
        Platform.at(service).send("ABORT");

        assertEquals(0, exitCode(job), read(dir.resolve("job.log")));
        assertTrue(Platform.at(service).result().orElse("").startsWith("ABORTED: requested by user"),
                Platform.at(service).result().orElse("") + "\n" + read(dir.resolve("job.log")));
    }

    @Test
    void messageFromBeforeTheRunIsSkippedAndTheLogSaysSo() throws Exception {
        Path service = service();
        Platform.at(service).send("ABORT");
        Path log = dir.resolve("job.log");

        Process job = launch(service, log, "--", "sh", "-c", "echo finished");

        assertEquals(0, exitCode(job), read(log));
        assertEquals(JobState.SUCCEEDED, Platform.at(service).page().state().orElse(null), read(log));
        assertTrue(read(log).contains("held 6 bytes before this run's first page"), read(log));
    }

    @Test
    void freshFolderIsNotSaidToHoldAnEarlierRun() throws Exception {
        Path service = service();
        Path log = dir.resolve("job.log");

        Process job = launch(service, log, "--", "true");

        assertEquals(0, exitCode(job), read(log));
        assertFalse(read(log).contains("earlier run"), read(log));
    }

    @Test
    void secondLauncherOnTheFolderRefusesAndTouchesNothing() throws Exception {
        Path service = service();
        Process first = launch(service, dir.resolve("first.log"), "--title", "First job", "--", "sleep", "60");
        await().atMost(PATIENCE).until(() -> Platform.at(service).page().state().orElse(null) == JobState.RUNNING);
        // A temp file of a writer that is still alive, as far as the second launcher can tell.
        Files.writeString(service.resolve(".status.html.0123abcd-7.job-runtime.tmp"), "in flight");
        Map<String, String> before = contents(service);

        Path secondLog = dir.resolve("second.log");
        Process second = launch(service, secondLog, "--title", "Second job", "--", "sh", "-c", "echo second ran");

        assertEquals(2, exitCode(second), read(secondLog));
        String refusal = read(secondLog);
        assertTrue(refusal.contains(service.toString()) && refusal.contains("pid " + first.pid())
                && refusal.contains("started"), refusal);
        assertFalse(refusal.contains("second ran"), refusal);
        assertEquals(before, contents(service));
        assertTrue(Platform.at(service).page().html().contains("First job"), Platform.at(service).page().html());
        assertTrue(first.isAlive(), read(dir.resolve("first.log")));
    }

    @Test
    void launcherKilledWithSigkillNeverBlocksTheNextRun() throws Exception {
        Path service = service();
        Process killed = launch(service, dir.resolve("killed.log"), "--", "sleep", "60");
        await().atMost(PATIENCE).until(() -> Platform.at(service).page().state().orElse(null) == JobState.RUNNING);
        killed.descendants().forEach(ProcessHandle::destroyForcibly);
        killed.destroyForcibly().waitFor();
        Path leftover = service.resolve(".status.html.0123abcd-7.job-runtime.tmp");
        Files.writeString(leftover, "left by the killed run");

        Path log = dir.resolve("next.log");
        Process next = launch(service, log, "--", "sh", "-c", "echo next ran");

        assertEquals(0, exitCode(next), read(log));
        assertEquals(JobState.SUCCEEDED, Platform.at(service).page().state().orElse(null), read(log));
        assertFalse(Files.exists(leftover), "the killed run's temp file is still there");
    }

    @Test
    void bidiControlsInTheOutputDoNotReorderThePageButPassThrough() throws Exception {
        Path service = service();
        Path log = dir.resolve("job.log");
        // U+202E RIGHT-TO-LEFT OVERRIDE: shown as is, "Job failed ok" would read "Job ko deliaf".
        String line = "Job \u202Edeliaf ko\u202C and \u2066safe\u2069.txt";

        Process job = launch(service, log, "--", "sh", "-c", "printf '%s\\n' '" + line + "'; exit 3");

        assertEquals(3, exitCode(job), read(log));
        assertTrue(read(log).contains(line), "the pass-through changed the line:\n" + read(log));
        String page = Platform.at(service).page().html();
        String result = Platform.at(service).result().orElse("");
        for (String control : List.of("\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067",
                "\u2068", "\u2069")) {
            assertFalse(page.contains(control), "the page holds U+" + Integer.toHexString(control.charAt(0)));
            assertFalse(result.contains(control), "result.txt holds U+" + Integer.toHexString(control.charAt(0)));
        }
        assertTrue(page.contains("Job deliaf ko and safe.txt"), page);
    }
}
