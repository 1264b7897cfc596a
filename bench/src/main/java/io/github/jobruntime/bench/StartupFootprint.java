package io.github.jobruntime.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Process start to first status.html, and peak RSS, of {@code java -jar waiter.jar --service-dir D 1} on JDK 17
 * and on a second JDK (25), with the default JVM settings and with start-up aids: C1 only with the serial GC, a
 * dynamic AppCDS archive, a static one from a class list, and on JDK 25 an AOT cache. A bare JVM that writes a
 * file is the floor: it runs in the same rounds, interleaved with the waiter, and the first page is reported as a
 * multiple of it, which holds across machines where absolute times do not.
 */
final class StartupFootprint implements Section {

    private static final String RESULT = "Done. I have waited 1 seconds.";
    private static final List<String> C1_SERIAL = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Budget RATIO = Budget.atMost(4, "x the bare JVM").gatedAt(6);
    private static final Budget RSS = Budget.atMost(64, "MB");
    private static final Budget ABSOLUTE = Budget.none("ms");
    private static final int FLOORS_PER_ROUND = 3;

    /** What the waiter runs with besides its flags. */
    private enum Archive {
        NONE, DYNAMIC, STATIC, AOT
    }

    /** One way to start the waiter: which JDK, which flags, which class archive. */
    private record Variant(Jdk jdk, String label, List<String> flags, Archive archive) {

        String name() {
            return jdk.name() + ", " + label;
        }
    }

    private record Jdk(String name, Path java) {
    }

    private record Sample(double startMillis, double rssMib) {
    }

    private final Plan plan;
    private final Workspace workspace;
    private final Path jar;
    private final Path secondJdk;

    /** @param secondJdk the home of a second JDK to compare with (25), or null to measure the harness's JDK only */
    StartupFootprint(Plan plan, Workspace workspace, Path waiterJar, Path secondJdk) {
        this.plan = plan;
        this.workspace = workspace;
        this.jar = waiterJar;
        this.secondJdk = secondJdk;
    }

    @Override
    public String name() {
        return "start";
    }

    @Override
    public String title() {
        return "waiter start -> first status.html against a bare JVM, peak RSS";
    }

    @Override
    public void measure(Report report) throws Exception {
        GnuTime.require();
        Jdk first = new Jdk("JDK " + Runtime.version().feature(), Jvm.java());
        List<Jdk> jdks = new ArrayList<>(List.of(first));
        List<Variant> variants = new ArrayList<>(List.of(
                new Variant(first, "default JVM", List.of(), Archive.NONE),
                new Variant(first, String.join(" ", C1_SERIAL), C1_SERIAL, Archive.NONE),
                new Variant(first, "dynamic AppCDS archive", List.of(), Archive.DYNAMIC),
                new Variant(first, "static AppCDS archive", List.of(), Archive.STATIC),
                new Variant(first, "static AppCDS + " + String.join(" ", C1_SERIAL), C1_SERIAL, Archive.STATIC)));
        Path secondJava = secondJdk == null ? null : secondJdk.resolve("bin").resolve("java");
        if (secondJava != null && Files.isExecutable(secondJava)) {
            Jdk second = new Jdk("JDK " + featureOf(secondJava), secondJava);
            jdks.add(second);
            variants.add(new Variant(second, "default JVM", List.of(), Archive.NONE));
            variants.add(new Variant(second, "AOT cache", List.of(), Archive.AOT));
            variants.add(new Variant(second, "AOT cache + " + String.join(" ", C1_SERIAL), C1_SERIAL, Archive.AOT));
        } else {
            report.note("start: no second JDK at " + secondJdk + " (--second-jdk): JDK " + Runtime.version().feature()
                    + " only.");
        }

        Path floorClasses = floorClassPath();
        Map<Variant, List<String>> flags = new LinkedHashMap<>();
        for (Variant variant : variants) {
            flags.put(variant, prepare(variant));
        }
        Map<Jdk, List<Double>> floors = new LinkedHashMap<>();
        Map<Variant, List<Sample>> samples = new LinkedHashMap<>();
        // Round by round, floor and every variant in turn: a change in the machine's load hits all of them alike.
        for (int i = 0; i < plan.startRuns(); i++) {
            for (Jdk jdk : jdks) {
                // The floor is short and its median moves most with the load: three samples a round.
                for (int j = 0; j < FLOORS_PER_ROUND; j++) {
                    floors.computeIfAbsent(jdk, k -> new ArrayList<>()).add(floor(jdk, floorClasses,
                            i * FLOORS_PER_ROUND + j));
                }
            }
            for (Variant variant : variants) {
                samples.computeIfAbsent(variant, v -> new ArrayList<>()).add(once(variant, flags.get(variant), i));
            }
        }

        Map<Jdk, Stats> floorStats = new LinkedHashMap<>();
        floors.forEach((jdk, millis) -> floorStats.put(jdk, Stats.of(millis)));
        floorStats.forEach((jdk, floor) -> report.add(Row.of("process start -> file written, bare JVM (the floor), "
                + jdk.name(), floor.median(), floor.spread("ms"), ABSOLUTE)));
        List<Row> ratios = new ArrayList<>();
        List<Row> rss = new ArrayList<>();
        samples.forEach((variant, list) -> {
            Stats start = Stats.of(list.stream().map(Sample::startMillis).toList());
            Stats peak = Stats.of(list.stream().map(Sample::rssMib).toList());
            double floor = floorStats.get(variant.jdk()).median();
            double ratio = start.median() / floor;
            report.add(Row.of("process start -> first status.html, waiter, " + variant.name(), start.median(),
                    start.spread("ms") + "; " + Fmt.num(ratio) + "x the floor", ABSOLUTE));
            if (variant.archive() == Archive.NONE && variant.flags().isEmpty()) {
                ratios.add(Row.of("first status.html / bare JVM, waiter, " + variant.name() + " (medians, same rounds)",
                        ratio, Fmt.num(ratio) + "x: " + Fmt.num(start.median()) + " ms / " + Fmt.num(floor) + " ms",
                        RATIO));
            }
            // The budget is the shipped images' JVM's (the harness's, JDK 17); the second JDK's is for comparison.
            rss.add(Row.of("peak RSS, waiter 1 s, " + variant.name(), peak.median(), peak.spread("MB"),
                    variant.jdk().equals(first) ? RSS : Budget.none("MB")));
        });
        ratios.forEach(report::add);
        rss.forEach(report::add);
        report.note("start: from just before ProcessBuilder.start() to status.html seen (polled every 0.5 ms); the "
                + "floor is `java -cp DIR BareJvm DIR` writing a small status.html, run in the same rounds as the "
                + "waiter; the child runs under /usr/bin/time, which reports its peak RSS (MB = MiB). Archives come "
                + "from untimed runs of the waiter: dynamic, -XX:ArchiveClassesAtExit (JDK 17 leaves picocli's "
                + "pre-Java-6 classes out of it); static, -XX:DumpLoadedClassList then -Xshare:dump "
                + "-XX:SharedClassListFile (takes them); AOT cache (JDK 25), -XX:AOTCacheOutput, used with "
                + "-XX:AOTCache.");
    }

    /** Makes the variant's archive with untimed runs of the waiter, and returns the flags that use it. */
    private List<String> prepare(Variant variant) throws Exception {
        if (variant.archive() == Archive.NONE) {
            return variant.flags();
        }
        RunFolder run = workspace.run("start-archive-" + slug(variant.name()));
        Path archive = run.dir().resolve(variant.archive() == Archive.AOT ? "app.aot" : "app.jsa");
        List<String> use = new ArrayList<>(variant.flags());
        switch (variant.archive()) {
            case DYNAMIC -> {
                waiter(variant, run, "-XX:ArchiveClassesAtExit=" + archive);
                use.add("-XX:SharedArchiveFile=" + archive);
            }
            case STATIC -> {
                Path classes = run.dir().resolve("classes.lst");
                waiter(variant, run, "-XX:DumpLoadedClassList=" + classes);
                List<String> dump = new ArrayList<>(List.of(variant.jdk().java().toString(), "-Xshare:dump",
                        "-XX:SharedClassListFile=" + classes, "-XX:SharedArchiveFile=" + archive, "-cp",
                        jar.toString()));
                try (Child dumper = Child.start(dump, workspace.run("start-dump-" + slug(variant.name())))) {
                    dumper.expectExit(0, Duration.ofMinutes(2));
                }
                use.add("-XX:SharedArchiveFile=" + archive);
            }
            case AOT -> {
                waiter(variant, run, "-XX:AOTCacheOutput=" + archive);
                use.add("-XX:AOTCache=" + archive);
            }
            default -> throw new IllegalStateException(variant.archive().name());
        }
        if (!Files.isRegularFile(archive)) {
            throw new HarnessException("no class archive " + archive + " after the runs in " + run.dir());
        }
        return use;
    }

    private void waiter(Variant variant, RunFolder run, String flag) throws Exception {
        List<String> flags = new ArrayList<>(variant.flags());
        flags.add(flag);
        try (Child waiter = Child.start(Jvm.jar(variant.jdk().java(), jar, flags, "--service-dir", run.service(), 1),
                run)) {
            waiter.expectExit(0, Duration.ofMinutes(2));
        }
    }

    private Sample once(Variant variant, List<String> flags, int i) throws Exception {
        RunFolder run = workspace.run("start-" + slug(variant.name()) + "-" + i);
        Path timeReport = run.dir().resolve("time.txt");
        List<String> command = GnuTime.wrap(timeReport,
                Jvm.jar(variant.jdk().java(), jar, flags, "--service-dir", run.service(), 1));
        try (Child waiter = Child.start(command, run)) {
            long firstPage = waiter.await("first status.html", Duration.ofSeconds(20),
                    () -> Files.exists(run.status()));
            waiter.expectExit(0, Duration.ofSeconds(30));
            if (!run.platform().result().orElse("").equals(RESULT)) {
                throw waiter.failure("result.txt is not \"" + RESULT + "\"");
            }
            return new Sample((firstPage - waiter.startedNanos()) / 1e6, GnuTime.maxRssMib(timeReport));
        }
    }

    private double floor(Jdk jdk, Path classes, int i) throws Exception {
        RunFolder run = workspace.run("start-floor-" + slug(jdk.name()) + "-" + i);
        Files.createDirectories(run.service());
        List<String> command = List.of(jdk.java().toString(), "-cp", classes.toString(), BareJvm.class.getName(),
                run.service().toString());
        try (Child bare = Child.start(command, run)) {
            long written = bare.await("status.html", Duration.ofSeconds(20), () -> Files.exists(run.status()));
            bare.expectExit(0, Duration.ofSeconds(30));
            return (written - bare.startedNanos()) / 1e6;
        }
    }

    /** A folder holding only {@link BareJvm}: the floor opens no jar. */
    private Path floorClassPath() throws IOException {
        Path dir = workspace.root().resolve("floor-classes");
        String resource = BareJvm.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = BareJvm.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new HarnessException("cannot find " + resource + " in the benchmarks jar");
            }
            Files.copy(in, target);
        }
        return dir;
    }

    private static int featureOf(Path java) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java.toString(), "-XshowSettings:properties", "-version")
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        for (String line : output.split("\n", -1)) {
            String text = line.strip();
            if (text.startsWith("java.specification.version = ")) {
                return Integer.parseInt(text.substring(text.indexOf('=') + 1).strip());
            }
        }
        throw new HarnessException(java + " -XshowSettings:properties -version does not say its version");
    }

    private static String slug(String text) {
        return text.replaceAll("[^A-Za-z0-9]+", "_");
    }
}
