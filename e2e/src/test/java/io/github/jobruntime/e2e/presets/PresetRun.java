package io.github.jobruntime.e2e.presets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.Checkout;
import io.github.jobruntime.e2e.Shell;
import io.github.jobruntime.e2e.StartedProcesses;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java -jar job-runtime.jar run OPTIONS -- COMMAND} of a real program through the built launcher, as a
 * user starts it (with {@code --preset NAME}, or {@code --table ...}): its page read while it runs (progress, time
 * left, facts, charts, log tail), its raw output (what the platform's log gets), and its stop by ABORT.
 */
public final class PresetRun {

    public static final Duration PATIENCE = Duration.ofMinutes(2);

    private static final Pattern TAIL = Pattern.compile("<h2>Log</h2>\\s*<pre>(.*?)</pre>", Pattern.DOTALL);
    private static final Pattern FACT = Pattern.compile("<tr><th scope=\"row\">([^<]+)</th><td>([^<]*)</td></tr>");
    private static final Pattern CHART = Pattern.compile("<figcaption><strong>([^<]+)</strong> <span class=\"latest\">"
            + "([^<]+)</span>.*?<div class=\"meta\">min ([^ ]+) · max ([^ ]+) · ([\\d,]+) values?", Pattern.DOTALL);

    /**
     * The page when it first showed a new progress value: when (the test's clock), the value (work done, in the
     * rule's units), the total, the percentage and the time left, {@code NaN} while unknown.
     */
    public record Reading(long nanos, double done, double total, double percent, double etaSeconds) {
        public boolean hasTimeLeft() {
            return !Double.isNaN(etaSeconds);
        }
    }

    /** A chart as the page shows it: its latest value, min, max and how many values. */
    public record Chart(String latest, String min, String max, int count) {
        /** {@return the latest value as a number} */
        public double value() {
            return Double.parseDouble(latest.replace(",", ""));
        }
    }

    /**
     * A time-left check: the time left the page showed at a reading, against the time the rest of the job really
     * took from that reading on.
     */
    public record Eta(double shownSeconds, double trueSeconds, double doneAtReading, double total) {
        public double error() {
            return Math.abs(shownSeconds - trueSeconds) / trueSeconds;
        }

        @Override
        public String toString() {
            return String.format("ETA %.0f s at %s/%s, truth %.1f s, error %.0f %%", shownSeconds,
                    plain(doneAtReading), plain(total), trueSeconds, 100 * error());
        }
    }

    private final Path service;
    private final Path output;
    private final Process launcher;
    private final List<Reading> readings = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> shown = Collections.synchronizedSet(new LinkedHashSet<>());

    private PresetRun(Path service, Path output, Process launcher) {
        this.service = service;
        this.output = output;
        this.launcher = launcher;
    }

    /**
     * Starts the launcher with {@code options} (such as {@code --preset NAME}) on {@code command} in {@code workdir},
     * its page rendered every 100 ms, its service folder and output ({@code job.log}) in {@code dir};
     * {@code started} kills it and what it started after the test.
     */
    public static PresetRun start(StartedProcesses started, Path dir, Path workdir, List<String> options,
            List<String> command) throws IOException {
        Path service = Files.createDirectories(dir.resolve("service"));
        List<String> argv = new ArrayList<>(List.of(Shell.java(), "-jar",
                Checkout.file("launcher/target/job-runtime.jar").toString(), "run", "--service-dir",
                service.toString(), "--status-interval", "100ms", "--workdir", workdir.toString()));
        argv.addAll(options);
        argv.add("--");
        argv.addAll(command);
        Path output = dir.resolve("job.log");
        return new PresetRun(service, output, started.add(Shell.start(dir, Map.of(), output, argv)));
    }

    public Platform platform() {
        return Platform.at(service);
    }

    /**
     * {@return the page as it is now} A new progress value joins the {@link Reading}s, and its "DONE/TOTAL" joins
     * {@link #progressShown()}.
     */
    public Platform.Page page() {
        long now = System.nanoTime();
        Platform.Page page = platform().page();
        OptionalDouble done = page.done();
        if (done.isPresent()) {
            double total = page.total().orElse(Double.NaN);
            shown.add(plain(done.getAsDouble()) + "/" + plain(total));
            synchronized (readings) {
                if (readings.isEmpty() || readings.get(readings.size() - 1).done() != done.getAsDouble()) {
                    readings.add(new Reading(now, done.getAsDouble(), total,
                            page.figure(Platform.Figure.PROGRESS_PERCENT).orElse(Double.NaN),
                            page.figure(Platform.Figure.ETA_SECONDS).orElse(Double.NaN)));
                }
            }
        }
        return page;
    }

    /** {@return every progress, "DONE/TOTAL", that {@link #page()} read so far, in the order first read} */
    List<String> progressShown() {
        synchronized (shown) {
            return List.copyOf(shown);
        }
    }

    /** {@return everything the launcher printed so far: the command's output byte for byte, and its own log} */
    public String raw() {
        return Texts.readOrEmpty(output);
    }

    /** {@return how many lines of the raw output match {@code line}, counting each {@code \r} as a line end} */
    long rawLines(Predicate<String> line) {
        return Arrays.stream(raw().split("[\r\n]")).filter(line).count();
    }

    /** {@return the lines of the page's log tail, unescaped} */
    public static List<String> tail(Platform.Page page) {
        Matcher matcher = TAIL.matcher(page.html());
        if (!matcher.find()) {
            return List.of();
        }
        return matcher.group(1).lines().map(PresetRun::unescape).toList();
    }

    /** {@return the lines of the page's log tail now} */
    public List<String> tail() {
        return tail(page());
    }

    /** {@return the value of the fact {@code name} on {@code page}} */
    public static Optional<String> fact(Platform.Page page, String name) {
        Matcher matcher = FACT.matcher(page.html());
        while (matcher.find()) {
            if (unescape(matcher.group(1)).equals(name)) {
                return Optional.of(unescape(matcher.group(2)));
            }
        }
        return Optional.empty();
    }

    /** {@return the charts on {@code page}, in its order} */
    public static Map<String, Chart> charts(Platform.Page page) {
        Matcher matcher = CHART.matcher(page.html());
        Map<String, Chart> charts = new LinkedHashMap<>();
        while (matcher.find()) {
            charts.put(matcher.group(1), new Chart(matcher.group(2), matcher.group(3), matcher.group(4),
                    Integer.parseInt(matcher.group(5).replace(",", ""))));
        }
        return charts;
    }

    public static Optional<Chart> chart(Platform.Page page, String name) {
        return Optional.ofNullable(charts(page).get(name));
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&amp;", "&");
    }

    /**
     * Reads the page every 50 ms until a {@link Reading} matches {@code wanted}, failing if the launcher ends first;
     * {@return that reading}
     */
    public Reading awaitReading(Predicate<Reading> wanted) {
        awaitReadings(all -> all.stream().anyMatch(wanted));
        return readings().stream().filter(wanted).findFirst().orElseThrow(() -> new AssertionError(
                "ended before the reading wanted: " + readings() + "\n" + raw()));
    }

    /** Reads the page until {@code count} readings came with a time left; {@return all readings so far} */
    List<Reading> awaitTimesLeft(int count) {
        awaitReadings(all -> all.stream().filter(Reading::hasTimeLeft).count() >= count);
        assertTrue(launcher.isAlive(), () -> "ended before " + count + " readings with a time left: " + readings()
                + "\n" + raw());
        return readings();
    }

    private void awaitReadings(Predicate<List<Reading>> enough) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            page();
            return enough.test(readings());
        }, done -> done || !launcher.isAlive());
    }

    /** {@return every reading so far} */
    List<Reading> readings() {
        synchronized (readings) {
            return List.copyOf(readings);
        }
    }

    /**
     * Measures the time left: once a reading matching {@code from} shows it, waits for the whole total to be done
     * or the job to end (ffmpeg's last time is that of its last frame, short of the duration), and compares.
     */
    public Eta measureEta(Predicate<Reading> from) {
        Reading reading = awaitReading(r -> r.hasTimeLeft() && r.total() > 0 && from.test(r));
        return etaFrom(reading);
    }

    /** {@return the time left shown at {@code reading}, against the time from it to the job's end} */
    Eta etaFrom(Reading reading) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            Platform.Page page = page();
            return page.done().orElse(0) >= reading.total() || !launcher.isAlive()
                    || page.state().orElse(JobState.RUNNING) != JobState.RUNNING;
        });
        double truth = (System.nanoTime() - reading.nanos()) / 1e9;
        return new Eta(reading.etaSeconds(), truth, reading.done(), reading.total());
    }

    /**
     * Waits until the launcher runs a program whose file name starts with {@code name} ({@code python3} runs as
     * {@code /usr/bin/python3.11}).
     */
    void awaitCommand(String name) {
        await().atMost(PATIENCE).until(() -> tree().stream().map(p -> p.info().command().orElse("/"))
                .anyMatch(command -> Path.of(command).getFileName().toString().startsWith(name)));
    }

    /** {@return the processes the launcher started, and theirs, as they are now} */
    public List<ProcessHandle> tree() {
        return launcher.descendants().toList();
    }

    public boolean isAlive() {
        return launcher.isAlive();
    }

    /** Waits for the launcher to end; {@return its exit code} */
    public int exitCode() throws InterruptedException {
        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), () -> "still running after "
                + PATIENCE + ":\n" + raw());
        return launcher.exitValue();
    }

    /**
     * Sends ABORT and checks the stop the run-mode guide describes: the result says ABORTED and that the
     * command's processes are gone, none of the processes that ran under the launcher when it was sent runs, and
     * the launcher exits 0 (the default {@code --abort-exit-code}).
     */
    public void abort() throws InterruptedException {
        List<ProcessHandle> tree = tree();
        assertFalse(tree.isEmpty(), "no command running to abort");
        platform().send("ABORT");
        assertEquals(0, exitCode(), this::raw);
        String result = platform().result().orElse("");
        // "all gone after 0.05 s" where the launcher sees every process of the job; "every process found is gone
        // after ..., but processes that left its session ... cannot be seen from here" where it does not (no cgroup).
        assertTrue(result.startsWith("ABORTED: requested by user") && result.matches("(?s).*\\bgone after .*")
                && !result.contains("NOT stopped"), result + "\n" + raw());
        assertEquals(List.of(), tree.stream().filter(PresetRun::running).toList(), result);
    }

    /**
     * {@return whether {@code process} runs} A zombie does not, though {@link ProcessHandle#isAlive()} says so: on
     * Java before 22 the launcher is no subreaper, and rsync's children, orphaned when rsync ends first, wait for
     * init to reap them.
     */
    private static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return process.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails unless {@code actual} is within {@code fraction} of {@code expected}. */
    static void assertClose(double expected, double actual, double fraction, String what) {
        assertTrue(Math.abs(actual - expected) <= fraction * expected, () -> what + ": " + actual + " is not within "
                + Math.round(fraction * 100) + " % of " + expected);
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
}
