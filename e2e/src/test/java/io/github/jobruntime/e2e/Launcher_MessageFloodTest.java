package io.github.jobruntime.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of messages the job has no handler for, then ABORT, sent to a launcher in a process of its own, as the
 * platform would append them: the ABORT still ends the run, the final page lists it, and neither the log nor the
 * launcher's memory grows with the flood.
 */
class Launcher_MessageFloodTest {

    private static final Duration PATIENCE = Duration.ofMinutes(1);
    private static final int FLOOD = 1_000_000;
    private static final long MIB = 1024 * 1024;
    private static final Pattern ROW = Pattern.compile("<tr><td class=\"time\">[^<]*</td><td><code>([^<]*)</code>"
            + "(.*?)</tr>");
    private static final Pattern HWM = Pattern.compile("(?m)^VmHWM:\\s+(\\d+) kB$");

    @TempDir
    Path dir;

    private Process launcher;
    /** Largest resident set the launcher reached, as /proc last showed it while it ran. */
    private final AtomicLong peakKib = new AtomicLong();

    @AfterEach
    void stopLauncher() throws InterruptedException {
        if (launcher != null && launcher.isAlive()) {
            launcher.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }
    }

    // given

    private Path running(Path service, Path log) {
        launcher = Shell.start(dir, Map.of(), log, List.of(Shell.java(), "-jar",
                Checkout.file("launcher/target/job-runtime.jar").toString(), "run", "--service-dir",
                service.toString(), "--", "sleep", "60"));
        await().atMost(PATIENCE).until(() -> Platform.at(service).page().state().orElse(null) == JobState.RUNNING);
        return service.resolve("notifications.txt");
    }

    // when

    /** Appends as the platform does: each message and its newline at the end of the file, by another process. */
    private static void append(Path notifications, String text) {
        try {
            Files.writeString(notifications, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + notifications, e);
        }
    }

    private String awaitResult(Path service) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            peakKib.accumulateAndGet(vmHwmKib(launcher.pid()), Math::max);
            return Platform.at(service).result().isPresent();
        });
        return Platform.at(service).result().orElse("");
    }

    // then

    private static long vmHwmKib(long pid) {
        try {
            Matcher m = HWM.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException gone) {
            return 0;
        }
    }

    /** {@return the rows of the page's list of received messages, as "MESSAGE rest-of-row"} */
    private static List<String> receivedRows(Path service) {
        Matcher m = ROW.matcher(Platform.at(service).page().html());
        return m.results().map(r -> r.group(1) + " " + r.group(2)).toList();
    }

    @Test
    void abortBehindAMillionUnknownMessagesEndsTheRunListedLastOnTheFinalPage() throws Exception {
        Path service = Files.createDirectories(dir.resolve("service"));
        Path log = dir.resolve("launcher.log");
        Path notifications = running(service, log);

        append(notifications, "NOISE\n".repeat(FLOOD));
        append(notifications, "ABORT\n");
        String result = awaitResult(service);

        assertTrue(result.startsWith("ABORTED: requested by user"), result);
        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the launcher ends after its result");
        assertEquals(0, launcher.exitValue());
        List<String> rows = receivedRows(service);
        assertTrue(!rows.isEmpty() && rows.get(rows.size() - 1).startsWith("ABORT ")
                && rows.get(rows.size() - 1).contains("acknowledged"), "the newest message listed: " + rows);
        assertTrue(Files.size(log) < MIB, "the log of a flood stays small: " + Files.size(log) + " bytes");
    }

    @Test
    void launcherMemoryStaysBoundedThroughAMillionUnknownMessages() throws Exception {
        Path service = Files.createDirectories(dir.resolve("service"));
        Path notifications = running(service, dir.resolve("launcher.log"));
        long before = vmHwmKib(launcher.pid());

        append(notifications, "NOISE\n".repeat(FLOOD));
        append(notifications, "ABORT\n");
        awaitResult(service);

        // Idle, the launcher's JVM holds about 70 MiB; the flood once took it to 416-534 MiB.
        assertTrue(peakKib.get() - before < 100 * 1024, "peak resident memory grew from " + before / 1024
                + " MiB to " + peakKib.get() / 1024 + " MiB");
    }

    @Test
    void everyUnknownMessageIsCountedOnThePageAndInTheLog() throws Exception {
        Path service = Files.createDirectories(dir.resolve("service"));
        Path log = dir.resolve("launcher.log");
        Path notifications = running(service, log);

        append(notifications, "NOISE\n".repeat(FLOOD));
        append(notifications, "ABORT\n");
        awaitResult(service);

        List<String> rows = receivedRows(service);
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("NOISE ") && r.contains("1,000,000")),
                "the page counts the ignored messages: " + rows);
        Pattern counted = Pattern.compile("([\\d,]+) [^\\d]*unknown command");
        long summed = Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(counted::matcher)
                .filter(Matcher::find).mapToLong(m -> Long.parseLong(m.group(1).replace(",", ""))).sum();
        assertTrue(summed > FLOOD / 2, "the log sums up the flood with counts, not line by line: " + summed);
    }
}
