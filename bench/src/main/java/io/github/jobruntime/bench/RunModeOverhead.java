package io.github.jobruntime.bench;

import io.github.jobruntime.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What run mode costs a command that prints a lot: a perl script printing 1,000,000 lines, in 10 batches of
 * 100,000 with a 1 s pause before each (paced like a solver reporting its steps, not a CPU-bound loop), run bare
 * and under {@code job-runtime.jar run --progress REGEX} with a regular expression that matches every line;
 * stdout goes to a file both times. Wall time from process start to exit, bare and run alternating.
 */
final class RunModeOverhead implements Section {

    static final int BATCHES = 10;
    static final int LINES_PER_BATCH = 100_000;
    static final Duration PAUSE = Duration.ofSeconds(1);
    static final String PROGRESS = "step (?<done>\\d+) of (?<total>\\d+)";
    private static final long LINES = (long) BATCHES * LINES_PER_BATCH;
    /** lines.pl BATCHES LINES PAUSE_SECONDS: BATCHES times, a pause, then LINES lines "step N of TOTAL: ...". */
    private static final String SCRIPT = """
            use strict;
            use warnings;
            use Time::HiRes qw(sleep);
            my ($batches, $lines, $pause) = @ARGV;
            my $total = $batches * $lines;
            my $n = 0;
            for (1 .. $batches) {
                sleep($pause);
                for (1 .. $lines) {
                    $n++;
                    print "step $n of $total: residual 1.234e-05\\n";
                }
                STDOUT->flush();
            }
            """;
    private static final Budget BUDGET = Budget.atMost(5, "%");

    private final Plan plan;
    private final Workspace workspace;
    private final Path launcher;

    RunModeOverhead(Plan plan, Workspace workspace, Path launcher) {
        this.plan = plan;
        this.workspace = workspace;
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "runload";
    }

    @Override
    public String title() {
        return "run mode vs bare command, " + LINES + " lines in " + BATCHES + " paced batches";
    }

    @Override
    public void measure(Report report) throws Exception {
        Path perl = onPath("perl");
        Path script = workspace.root().resolve("lines.pl");
        Files.writeString(script, SCRIPT);
        List<String> command = List.of(perl.toString(), script.toString(), Integer.toString(BATCHES),
                Integer.toString(LINES_PER_BATCH), Double.toString(PAUSE.toMillis() / 1000.0));
        List<Double> bare = new ArrayList<>();
        List<Double> run = new ArrayList<>();
        for (int i = 0; i < plan.overheadPairs(); i++) {
            // Alternating which goes first, so that a drift in the machine's load hits both alike.
            if (i % 2 == 0) {
                bare.add(bare(command, i));
                run.add(underRuntime(command, i));
            } else {
                run.add(underRuntime(command, i));
                bare.add(bare(command, i));
            }
        }
        Stats bareStats = Stats.of(bare);
        Stats runStats = Stats.of(run);
        double overhead = (runStats.median() - bareStats.median()) / bareStats.median() * 100;
        report.add(Row.of("run mode, command printing " + Fmt.num(LINES) + " lines (" + BATCHES + " x "
                + Fmt.num(LINES_PER_BATCH) + ", " + PAUSE.toSeconds() + " s apart), `--progress` on every line: "
                + "wall time over the bare command", overhead, Fmt.num(overhead) + " %: " + runStats.spread("ms")
                + " vs bare " + bareStats.spread("ms"), BUDGET));
        report.note("run-mode overhead: perl prints the lines, stdout to a file both times; under `java -jar "
                + "job-runtime.jar run --progress '" + PROGRESS + "'` the launcher's JVM start and end are included "
                + "(see the start rows); the runtime copies the output through and parses every line for the page.");
    }

    private double bare(List<String> command, int i) throws Exception {
        RunFolder folder = workspace.run("runload-bare-" + i);
        try (Child child = Child.start(command, folder)) {
            double millis = (child.expectExit(0, timeout()) - child.startedNanos()) / 1e6;
            expectLines(child, folder.stdout());
            return millis;
        }
    }

    private double underRuntime(List<String> command, int i) throws Exception {
        RunFolder folder = workspace.run("runload-run-" + i);
        List<String> args = new ArrayList<>(List.of("run", "--service-dir", folder.service().toString(),
                "--progress", PROGRESS, "--"));
        args.addAll(command);
        try (Child child = Child.start(Jvm.jar(launcher, List.of(), args.toArray()), folder)) {
            double millis = (child.expectExit(0, timeout()) - child.startedNanos()) / 1e6;
            expectLines(child, folder.stdout());
            Platform.Page page = folder.platform().page();
            if (page.done().orElse(-1) != LINES || page.total().orElse(-1) != LINES) {
                throw child.failure("the final status.html does not show progress " + LINES + "/" + LINES + ": "
                        + page);
            }
            return millis;
        }
    }

    private static void expectLines(Child child, Path stdout) throws IOException {
        long lines;
        try (Stream<String> all = Files.lines(stdout)) {
            lines = all.count();
        }
        if (lines != LINES) {
            throw child.failure(stdout + " has " + lines + " lines, expected " + LINES);
        }
    }

    private static Duration timeout() {
        return PAUSE.multipliedBy(BATCHES).plusSeconds(60);
    }

    private static Path onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(":", -1)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new HarnessException(program + " is not in PATH (" + path + "); the run-mode overhead section prints "
                + "its lines with it - install it (Debian/Ubuntu: apt-get install " + program + ")");
    }
}
