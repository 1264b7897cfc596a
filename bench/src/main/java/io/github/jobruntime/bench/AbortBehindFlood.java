package io.github.jobruntime.bench;

import io.github.jobruntime.JobState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ABORT behind a flood, run mode: {@code job-runtime.jar run -- sleep 60}; once the page shows RUNNING, 1,000,000
 * lines {@code NOISE} (a command nobody handles) are appended in one write, then ABORT as the platform does, and
 * result.txt is watched every 0.5 ms until it says ABORTED. The launcher's stderr, its peak resident memory
 * ({@code VmHWM}, read the moment the result is there) and whether the final page lists the ABORT last are taken
 * from the same runs.
 */
final class AbortBehindFlood implements Section {

    static final int FLOOD = 1_000_000;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern HWM = Pattern.compile("(?m)^VmHWM:\\s+(\\d+) kB$");
    private static final Pattern ROW = Pattern.compile("<tr><td class=\"time\">[^<]*</td><td><code>([^<]*)</code>");

    private record Sample(double millis, long stderrBytes, double peakMib, boolean abortListedLast) {
    }

    private final Plan plan;
    private final Workspace workspace;
    private final Path launcher;

    AbortBehindFlood(Plan plan, Workspace workspace, Path launcher) {
        this.plan = plan;
        this.workspace = workspace;
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "flood";
    }

    @Override
    public String title() {
        return "ABORT behind 1,000,000 unknown messages -> result.txt, run mode";
    }

    @Override
    public void measure(Report report) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < plan.floodRuns(); i++) {
            samples.add(once(i));
        }
        Stats millis = Stats.of(samples.stream().map(Sample::millis).toList());
        Stats stderr = Stats.of(samples.stream().map(s -> (double) s.stderrBytes()).toList());
        Stats peak = Stats.of(samples.stream().map(Sample::peakMib).toList());
        report.add(Row.of("ABORT appended behind 1,000,000 unknown messages -> result.txt ABORTED, run mode "
                + "(child JVM)", millis.median(), millis.spread("ms"), Budget.atMost(1000, "ms")));
        report.add(Row.of("launcher's stderr through that flood", stderr.median(), stderr.spread("bytes"),
                Budget.atMost(1024 * 1024, "bytes")));
        report.add(Row.of("launcher's peak RSS (VmHWM) through that flood", peak.median(), peak.spread("MiB"),
                Budget.atMost(160, "MiB")));
        long listed = samples.stream().filter(Sample::abortListedLast).count();
        report.note("ABORT behind a flood: the final page listed the ABORT as its newest message in " + listed
                + " of " + samples.size() + " runs.");
    }

    private Sample once(int i) throws Exception {
        RunFolder run = workspace.run("flood-" + i);
        try (Child job = Child.start(Jvm.jar(launcher, List.of(), "run", "--service-dir", run.service(), "--",
                "sleep", 60), run)) {
            job.await("status.html shows RUNNING", START_TIMEOUT,
                    () -> run.platform().page().state().orElse(null) == JobState.RUNNING);
            Files.writeString(run.notifications(), "NOISE\n".repeat(FLOOD), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            long appended = System.nanoTime();
            run.platform().send("ABORT");
            long[] peakKib = {0};
            long done = job.await("result.txt says ABORTED", STOP_TIMEOUT, () -> {
                if (!run.platform().result().orElse("").startsWith("ABORTED")) {
                    return false;
                }
                // A high-water mark: read once, while the launcher still writes its last page.
                peakKib[0] = vmHwmKib(job.pid());
                return true;
            });
            job.expectExit(0, STOP_TIMEOUT);
            Matcher rows = ROW.matcher(run.platform().page().html());
            String newest = "";
            while (rows.find()) {
                newest = rows.group(1);
            }
            return new Sample((done - appended) / 1e6, Files.size(run.stderr()), peakKib[0] / 1024.0,
                    "ABORT".equals(newest));
        }
    }

    /** {@return VmHWM of the process in KiB, or 0 when it has already gone} */
    private static long vmHwmKib(long pid) throws IOException {
        try {
            Matcher m = HWM.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }
}
