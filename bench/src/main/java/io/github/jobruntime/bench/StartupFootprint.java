package io.github.jobruntime.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Process start to first status.html, and peak RSS, of {@code java -jar waiter.jar --service-dir D 1}, with
 * the default JVM settings and with start-up flags: C1 only with the serial GC, and a dynamic AppCDS archive
 * made by a first run: with -XX:+AutoCreateSharedArchive on JDK 19 and later, with -XX:ArchiveClassesAtExit
 * before.
 */
final class StartupFootprint implements Section {

    private static final String RESULT = "Done. I have waited 1 seconds.";
    private static final List<String> C1_SERIAL = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Budget START = Budget.atMost(300, "ms");
    private static final Budget RSS = Budget.atMost(64, "MB");
    private static final boolean AUTO_ARCHIVE = Runtime.version().feature() >= 19;

    /** JVM flags to run the waiter with; {@code appCds}: plus an archive of the classes of a run with the same flags. */
    private record Variant(String label, List<String> flags, boolean appCds) {
    }

    private record Sample(double startMillis, double rssMib) {
    }

    private final Plan plan;
    private final Workspace workspace;
    private final Path jar;

    StartupFootprint(Plan plan, Workspace workspace, Path waiterJar) {
        this.plan = plan;
        this.workspace = workspace;
        this.jar = waiterJar;
    }

    @Override
    public String name() {
        return "start";
    }

    @Override
    public String title() {
        return "waiter start -> first status.html, peak RSS";
    }

    @Override
    public void measure(Report report) throws Exception {
        GnuTime.require();
        List<Variant> variants = List.of(
                new Variant("default JVM", List.of(), false),
                new Variant(String.join(" ", C1_SERIAL), C1_SERIAL, false),
                new Variant(AUTO_ARCHIVE ? "AutoCreateSharedArchive" : "AppCDS archive", List.of(), true),
                new Variant((AUTO_ARCHIVE ? "AutoCreateSharedArchive + " : "AppCDS + ") + String.join(" ", C1_SERIAL),
                        C1_SERIAL, true));
        List<Row> rss = new ArrayList<>();
        for (Variant variant : variants) {
            List<String> flags = variant.appCds() ? withArchive(variant) : variant.flags();
            List<Double> starts = new ArrayList<>();
            List<Double> peaks = new ArrayList<>();
            for (int i = 0; i < plan.startRuns(); i++) {
                Sample sample = once(variant, flags, i);
                starts.add(sample.startMillis());
                peaks.add(sample.rssMib());
            }
            Stats start = Stats.of(starts);
            Stats peak = Stats.of(peaks);
            report.add(Row.of("process start -> first status.html, waiter, " + variant.label(), start.median(),
                    start.spread("ms"), START));
            rss.add(Row.of("peak RSS, waiter 1 s, " + variant.label(), peak.median(), peak.spread("MB"), RSS));
        }
        rss.forEach(report::add);
        report.note("start: from just before ProcessBuilder.start() to status.html seen (polled every 0.5 ms); the "
                + "child runs under /usr/bin/time, which reports its peak RSS (MB = MiB); the archive comes from one "
                + "untimed run with " + (AUTO_ARCHIVE ? "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=app.jsa, "
                + "used with the same flags." : "-XX:ArchiveClassesAtExit=app.jsa (JDK 17: -XX:+AutoCreateSharedArchive "
                + "needs 19), then used with -XX:SharedArchiveFile=app.jsa."));
    }

    /** Creates the class archive with one run of the waiter, and returns the flags that use it. */
    private List<String> withArchive(Variant variant) throws Exception {
        RunFolder run = workspace.run("start-archive");
        Path archive = run.dir().resolve("app.jsa");
        List<String> use = new ArrayList<>(variant.flags());
        if (AUTO_ARCHIVE) {
            use.add("-XX:+AutoCreateSharedArchive");
        }
        use.add("-XX:SharedArchiveFile=" + archive);
        // With AutoCreateSharedArchive the first run with the same flags writes the archive.
        List<String> dump = new ArrayList<>(AUTO_ARCHIVE ? use : variant.flags());
        if (!AUTO_ARCHIVE) {
            dump.add("-XX:ArchiveClassesAtExit=" + archive);
        }
        try (Child waiter = Child.start(Jvm.jar(jar, dump, "--service-dir", run.service(), 1), run)) {
            waiter.expectExit(0, Duration.ofSeconds(60));
            if (!Files.isRegularFile(archive)) {
                throw waiter.failure("no class archive " + archive);
            }
        }
        return use;
    }

    private Sample once(Variant variant, List<String> flags, int i) throws Exception {
        RunFolder run = workspace.run("start-" + variant.label().replaceAll("[^A-Za-z0-9]+", "_") + "-" + i);
        Path timeReport = run.dir().resolve("time.txt");
        List<String> command = GnuTime.wrap(timeReport, Jvm.jar(jar, flags, "--service-dir", run.service(), 1));
        try (Child waiter = Child.start(command, run)) {
            long firstPage = waiter.await("first status.html", Duration.ofSeconds(20),
                    () -> Files.exists(run.status()));
            waiter.expectExit(0, Duration.ofSeconds(30));
            if (!RunFolder.readOrEmpty(run.result()).equals(RESULT)) {
                throw waiter.failure("result.txt is not \"" + RESULT + "\"");
            }
            return new Sample((firstPage - waiter.startedNanos()) / 1e6, GnuTime.maxRssMib(timeReport));
        }
    }
}
