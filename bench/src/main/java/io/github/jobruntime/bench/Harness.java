package io.github.jobruntime.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The performance harness: JMH micro-benchmarks, then end-to-end measurements with real child processes,
 * printed as one Markdown table (metric, measured, budget, verdict). Started by {@code bench/run.sh}:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.github.jobruntime.bench.Harness [--quick] [--only micro,latency,...]
 * </pre>
 *
 * Exit code 0 whether or not the budgets are met, 1 when a measurement could not be made, 2 on a usage error, and,
 * with {@code --gate}, 3 when a row crossed its gate (see {@link Budget}) twice in a row.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures job-runtime against its performance budgets and prints one Markdown table.")
public final class Harness implements Callable<Integer> {

    static final int EXIT_BROKEN = 1;
    static final int EXIT_PAST_GATE = 3;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "Fewer and shorter runs: about 3 minutes on 2 cores.")
    private boolean quick;

    @Option(names = "--root", paramLabel = "DIR", defaultValue = ".",
            description = "The repository root, where examples/*/target/*.jar are (default: ${DEFAULT-VALUE}).")
    private Path root;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "bench/target/work",
            description = "Where each run's folders and logs go, in a new run-* folder (default: ${DEFAULT-VALUE}).")
    private Path work;

    @Option(names = "--second-jdk", paramLabel = "DIR",
            defaultValue = "${env:JOB_RUNTIME_BENCH_SECOND_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}",
            description = "Home of a second JDK whose start-up is measured too, e.g. JDK 25 for its AOT cache "
                    + "(default: ${DEFAULT-VALUE}; skipped when not there).")
    private Path secondJdk;

    @Option(names = "--only", paramLabel = "SECTION", split = ",",
            description = "Run only these sections: micro, latency, burst, abort, runstop, flood, runload, start, idle, "
                    + "sampling, throttle.")
    private Set<String> only;

    @Option(names = "--gate", description = "Exit 3 when a row crosses its gate, a bound far past its budget, twice "
            + "in a row: a section with such a row is measured again, and only a row past its gate both times counts.")
    private boolean gate;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Harness());
        commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
            cl.getErr().println("bench: the harness broke: " + exception.getMessage());
            if (!(exception instanceof HarnessException)) {
                exception.printStackTrace(cl.getErr());
            }
            return EXIT_BROKEN;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Plan plan = quick ? Plan.quick() : Plan.full();
        Examples examples = Examples.in(root);
        Workspace workspace = Workspace.create(work);
        // Before the first runtime class loads: the runtime's own log (one INFO line per notification) goes to a
        // file, as it would go to the job's log, instead of drowning the table.
        System.setProperty("org.slf4j.simpleLogger.logFile", workspace.root().resolve("runtime.log").toString());

        List<Section> sections = List.of(
                new MicroBenchmarks(plan, workspace),
                new NotificationLatency(plan, workspace),
                new NotificationBurst(plan, workspace),
                new AbortLatency(plan, workspace, examples.abortableWaiter()),
                new RunModeStop(plan, workspace, examples.launcher()),
                new AbortBehindFlood(plan, workspace, examples.launcher()),
                new RunModeOverhead(plan, workspace, examples.launcher()),
                new StartupFootprint(plan, workspace, examples.waiter(), secondJdk),
                new IdleCpu(plan, workspace, examples.waiter()),
                new ResourceSampling(plan),
                new StatusThrottle(plan, workspace));
        List<Section> selected = sections.stream().filter(section -> only == null || only.contains(section.name()))
                .toList();
        if (selected.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--only " + only + " matches no section; "
                    + "known: " + sections.stream().map(Section::name).toList());
        }

        PrintWriter progress = spec.commandLine().getErr();
        Report report = new Report();
        List<String> failures = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < selected.size(); i++) {
            Section section = selected.get(i);
            progress.printf("bench: [%d/%d] %s (%s s so far)%n", i + 1, selected.size(), section.title(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            progress.flush();
            report.addAll(measured(section, progress, failures));
        }
        report.note("work folder (child output, runtime.log, jmh.log): " + workspace.root());
        report.print(System.out, "## job-runtime performance (" + plan.name() + ", "
                + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s)\n\n" + machine());
        progress.printf("bench: %d of %d metrics over budget%n", report.over(), report.rows());
        failures.forEach(failure -> progress.println("bench: past its gate twice in a row: " + failure));
        progress.flush();
        return failures.isEmpty() ? 0 : EXIT_PAST_GATE;
    }

    /**
     * Measures {@code section}; with {@code --gate}, once more when a row crossed its gate, adding to
     * {@code failures} each row that crossed it both times. One slow round on a busy machine is noise; the same
     * row twice past a bound set far beyond its budget is a regression.
     */
    private Report measured(Section section, PrintWriter progress, List<String> failures) throws Exception {
        Report first = new Report();
        section.measure(first);
        if (!gate || first.pastGate().isEmpty()) {
            return first;
        }
        Map<String, Row> once = new LinkedHashMap<>();
        first.pastGate().forEach(row -> once.put(row.metric(), row));
        progress.println("bench: past the gate, measuring " + section.name() + " again: " + once.keySet());
        progress.flush();
        Report again = new Report();
        section.measure(again);
        for (Row row : again.pastGate()) {
            Row before = once.get(row.metric());
            if (before != null) {
                failures.add(row.metric() + ": " + before.measured() + ", then " + row.measured() + " ("
                        + row.budget() + ")");
            }
        }
        again.note(section.name() + " measured twice, the first time past a gate: "
                + once.values().stream().map(row -> row.metric() + " " + row.measured()).toList());
        return again;
    }

    private static String machine() {
        return "Machine: nproc " + Runtime.getRuntime().availableProcessors()
                + ", " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB default max heap.";
    }
}
