package io.github.jobruntime.e2e.presets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.Checkout;
import io.github.jobruntime.e2e.Shell;
import io.github.jobruntime.e2e.StartedProcesses;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java -jar job-runtime.jar run --preset NAME -- PROGRAM ...} on a real program, through the built
 * launcher: its page read while it runs, its raw output (what the platform's log gets), and its stop by ABORT.
 */
final class PresetRun {

    static final Duration PATIENCE = Duration.ofMinutes(1);
    private static final Pattern LOG_TAIL = Pattern.compile("<h2>Log</h2>\\s*<pre>(.*?)</pre>", Pattern.DOTALL);

    /**
     * The page when it first showed a new progress value: when (the test's clock), the value (work done, in the
     * rule's units), the percentage and the time left, {@code NaN} while unknown.
     */
    record Reading(long nanos, double done, double percent, double etaSeconds) {
    }

    private final Path service;
    private final Path output;
    private final Process launcher;
    private final List<Reading> readings = new ArrayList<>();

    private PresetRun(Path service, Path output, Process launcher) {
        this.service = service;
        this.output = output;
        this.launcher = launcher;
    }

    /**
     * Starts the launcher with {@code --preset preset} on {@code command} in {@code workdir}, its page rendered
     * every 100 ms, its service folder and output in {@code dir}; {@code started} kills it after the test.
     */
    static PresetRun start(StartedProcesses started, Path dir, String preset, Path workdir, List<String> command)
            throws IOException {
        Path service = Files.createDirectories(dir.resolve("service"));
        List<String> argv = new ArrayList<>(List.of(Shell.java(), "-jar",
                Checkout.file("launcher/target/job-runtime.jar").toString(), "run", "--service-dir",
                service.toString(), "--status-interval", "100ms", "--workdir", workdir.toString(), "--preset",
                preset, "--"));
        argv.addAll(command);
        Path output = dir.resolve("job.log");
        return new PresetRun(service, output,
                started.add(Shell.start(dir, Map.of(), output, argv)));
    }

    Platform platform() {
        return Platform.at(service);
    }

    Platform.Page page() {
        return platform().page();
    }

    /** {@return everything the launcher printed so far: the command's output byte for byte, and its own log} */
    String raw() {
        return Texts.readOrEmpty(output);
    }

    /** {@return the lines of the page's log tail, unescaped} */
    List<String> logTail() {
        Matcher matcher = LOG_TAIL.matcher(page().html());
        if (!matcher.find()) {
            return List.of();
        }
        String text = matcher.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&");
        return Arrays.asList(text.split("\n"));
    }

    /** {@return how many lines of the raw output match {@code line}, counting each {@code \r} as a line end} */
    long rawLines(Predicate<String> line) {
        return Arrays.stream(raw().split("[\r\n]")).filter(line).count();
    }

    /**
     * Reads the page every 50 ms, keeping a {@link Reading} for each new progress value, until {@code count} of them
     * came with a time left; {@return all readings so far}
     */
    List<Reading> awaitTimesLeft(int count) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> {
            read();
            return readings.stream().filter(r -> !Double.isNaN(r.etaSeconds())).count() >= count;
        }, done -> done || !launcher.isAlive());
        assertTrue(launcher.isAlive(), () -> "ended before " + count + " readings with a time left: " + readings
                + "\n" + raw());
        return List.copyOf(readings);
    }

    private void read() {
        long now = System.nanoTime();
        Platform.Page page = page();
        OptionalDouble done = page.done();
        boolean seen = !readings.isEmpty() && readings.get(readings.size() - 1).done() == done.orElse(Double.NaN);
        if (done.isEmpty() || seen) {
            return;
        }
        readings.add(new Reading(now, done.getAsDouble(),
                page.figure(Platform.Figure.PROGRESS_PERCENT).orElse(Double.NaN),
                page.figure(Platform.Figure.ETA_SECONDS).orElse(Double.NaN)));
    }

    /** Reads the result every 50 ms until the job has one; {@return when it was first seen (the test's clock)} */
    long awaitResult() {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> platform().result().isPresent());
        return System.nanoTime();
    }

    /** {@return the processes the launcher started, and theirs, as they are now} */
    List<ProcessHandle> tree() {
        return launcher.descendants().toList();
    }

    /** Waits for the launcher to end; {@return its exit code} */
    int exitCode() throws InterruptedException {
        assertTrue(launcher.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), () -> "still running after "
                + PATIENCE + ":\n" + raw());
        return launcher.exitValue();
    }

    /**
     * Sends ABORT and checks the stop the run-mode guide describes: the result says ABORTED and that the
     * command's processes are gone, none of {@code tree} runs, and the launcher exits 0 (the default
     * {@code --abort-exit-code}).
     */
    void abort(List<ProcessHandle> tree) throws InterruptedException {
        assertFalse(tree.isEmpty(), "no command running to abort");
        platform().send("ABORT");
        assertEquals(0, exitCode(), this::raw);
        String result = platform().result().orElse("");
        // "all gone after 0.05 s" where the launcher sees every process of the job; "every process found is gone
        // after ..., but processes that left its session ... cannot be seen from here" where it does not (no cgroup).
        assertTrue(result.startsWith("ABORTED: requested by user") && result.matches("(?s).*\\bgone after .*")
                && !result.contains("NOT stopped"), result);
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
}
