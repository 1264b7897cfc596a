package io.github.jobruntime.e2e.presets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.Shell;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code job-runtime.jar run --preset NAME -- COMMAND} of a real program, as a user starts it, and what its page
 * shows: progress, figures, facts, charts and the log tail. Closing it kills the launcher and what it started.
 */
final class ProgramRun implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofMinutes(2);
    static final Path JAR = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
            .getParent().resolve("launcher/target/job-runtime.jar");

    private static final Pattern TAIL = Pattern.compile("<h2>Log</h2>\\s*<pre>(.*?)</pre>", Pattern.DOTALL);
    private static final Pattern FACT = Pattern.compile("<tr><th scope=\"row\">([^<]+)</th><td>([^<]*)</td></tr>");
    private static final Pattern CHART = Pattern.compile("<figcaption><strong>([^<]+)</strong> <span class=\"latest\">"
            + "([^<]+)</span>.*?<div class=\"meta\">min ([^ ]+) · max ([^ ]+) · ([\\d,]+) values?", Pattern.DOTALL);

    private final Path service;
    private final Path log;
    private final Process launcher;
    private final List<ProcessHandle> seen = new ArrayList<>();
    private final Set<String> shown = Collections.synchronizedSet(new LinkedHashSet<>());

    private ProgramRun(Path service, Path log, Process launcher) {
        this.service = service;
        this.log = log;
        this.launcher = launcher;
    }

    /**
     * Starts {@code run --preset PRESET} of {@code command} in {@code workDir}, its service folder and launcher log in
     * {@code dir}.
     */
    static ProgramRun start(Path dir, Path workDir, String preset, String... command) {
        Path service = dir.resolve("service");
        Path log = dir.resolve("job.log");
        try {
            Files.createDirectories(service);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> argv = new ArrayList<>(List.of(Shell.java(), "-jar", JAR.toString(), "run", "--preset", preset,
                "--service-dir", service.toString(), "--status-interval", "100ms", "--workdir", workDir.toString(),
                "--"));
        argv.addAll(List.of(command));
        return new ProgramRun(service, log, Shell.start(dir, Map.of(), log, argv));
    }

    Platform platform() {
        return Platform.at(service);
    }

    /** {@return the page as it is now; its progress joins {@link #progressShown()}} */
    Platform.Page page() {
        Platform.Page page = platform().page();
        if (page.done().isPresent()) {
            shown.add(plain(page.done().getAsDouble()) + "/" + plain(page.total().getAsDouble()));
        }
        return page;
    }

    /** {@return every progress, "DONE/TOTAL", that {@link #page()} read so far, in the order first read} */
    List<String> progressShown() {
        synchronized (shown) {
            return List.copyOf(shown);
        }
    }

    /** {@return the launcher's output: its own lines and the command's output, byte for byte as written} */
    String log() {
        return Texts.readOrEmpty(log);
    }

    /** {@return the page's log tail, one entry a line, as the page shows it} */
    static List<String> tail(Platform.Page page) {
        Matcher matcher = TAIL.matcher(page.html());
        if (!matcher.find()) {
            return List.of();
        }
        return matcher.group(1).lines().map(ProgramRun::unescape).toList();
    }

    static Optional<String> fact(Platform.Page page, String name) {
        Matcher matcher = FACT.matcher(page.html());
        while (matcher.find()) {
            if (unescape(matcher.group(1)).equals(name)) {
                return Optional.of(unescape(matcher.group(2)));
            }
        }
        return Optional.empty();
    }

    /** A chart as the page shows it: its latest value, min, max and how many values. */
    record Chart(String latest, String min, String max, int count) {
    }

    static Optional<Chart> chart(Platform.Page page, String name) {
        Matcher matcher = CHART.matcher(page.html());
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return Optional.of(new Chart(matcher.group(2), matcher.group(3), matcher.group(4),
                        Integer.parseInt(matcher.group(5).replace(",", ""))));
            }
        }
        return Optional.empty();
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&amp;", "&");
    }

    /**
     * Waits until the launcher runs a program whose file name starts with {@code name} ({@code python3} runs as
     * {@code /usr/bin/python3.11}), and remembers the launcher's process tree.
     */
    void awaitCommand(String name) {
        await().atMost(PATIENCE).until(() -> {
            seen.clear();
            launcher.descendants().forEach(seen::add);
            return seen.stream().map(p -> p.info().command().orElse("/"))
                    .anyMatch(command -> Path.of(command).getFileName().toString().startsWith(name));
        });
    }

    /**
     * The time-left check: once the page shows at least {@code from} of the total and an ETA, reads the ETA, then
     * waits for the whole total to be done (or the job to end: ffmpeg's last time is that of its last frame, short
     * of the duration) and compares.
     */
    record Eta(double shownSeconds, double trueSeconds, double doneAtReading, double total) {
        double error() {
            return Math.abs(shownSeconds - trueSeconds) / trueSeconds;
        }

        @Override
        public String toString() {
            return String.format("ETA %.0f s at %s/%s, truth %.1f s, error %.0f %%", shownSeconds,
                    plain(doneAtReading), plain(total), trueSeconds, 100 * error());
        }
    }

    Eta measureEta(double from) {
        Platform.Page[] reading = new Platform.Page[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            reading[0] = page();
            OptionalDouble total = reading[0].total();
            return total.isPresent() && total.getAsDouble() > 0
                    && reading[0].done().getAsDouble() >= from * total.getAsDouble()
                    && reading[0].figure(Platform.Figure.ETA_SECONDS).isPresent();
        });
        long readAt = System.nanoTime();
        Platform.Page read = reading[0];
        double total = read.total().getAsDouble();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                .until(() -> page().done().orElse(0) >= total || !launcher.isAlive()
                        || page().state().orElse(JobState.RUNNING) != JobState.RUNNING);
        double truth = (System.nanoTime() - readAt) / 1e9;
        return new Eta(read.figure(Platform.Figure.ETA_SECONDS).getAsDouble(), truth, read.done().getAsDouble(),
                total);
    }

    int exitCode() throws InterruptedException {
        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "still running after " + PATIENCE);
        return launcher.exitValue();
    }

    /**
     * Sends ABORT and checks that the launcher ends as documented (exit code 0, result "ABORTED: requested by
     * user") and leaves none of the processes it ran behind.
     */
    void abortAndCheckAllGone() throws InterruptedException {
        assertTrue(!seen.isEmpty(), "awaitCommand first");
        platform().send("ABORT");
        assertEquals(0, exitCode(), log());
        assertTrue(platform().result().orElse("").startsWith("ABORTED: requested by user"),
                platform().result() + "\n" + log());
        for (ProcessHandle process : seen) {
            assertTrue(process.onExit().thenApply(p -> true).completeOnTimeout(false, 30, TimeUnit.SECONDS).join(),
                    "still running after the launcher ended: " + process.info());
        }
    }

    /** Runs a short tool and returns its stdout, failing on a non-zero exit code. */
    static String runTool(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " hangs");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    @Override
    public void close() {
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        seen.forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly().onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
    }
}
