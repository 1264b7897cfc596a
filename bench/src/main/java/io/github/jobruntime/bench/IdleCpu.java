package io.github.jobruntime.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time the runtime uses while the job sleeps: user + system time of a waiter JVM over a window after its
 * start-up, read from /proc, next to a bare JVM that only sleeps (started alongside, measured over the same
 * window), with the waiter's time split by thread.
 */
final class IdleCpu implements Section {

    /** Start-up and first JIT compilations are over by then (measured: ~0.3 s to the first page). */
    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Budget BUDGET = Budget.atMost(0.2, "s per 10 s");

    private record Window(CpuTimes waiter, CpuTimes bare) {
    }

    private final Plan plan;
    private final Workspace workspace;
    private final Path jar;

    IdleCpu(Plan plan, Workspace workspace, Path waiterJar) {
        this.plan = plan;
        this.workspace = workspace;
        this.jar = waiterJar;
    }

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public String title() {
        return "CPU while the job sleeps (" + plan.idleWindow().toSeconds() + " s windows)";
    }

    @Override
    public void measure(Report report) throws Exception {
        double scale = (double) Plan.IDLE_BUDGET_WINDOW.toNanos() / plan.idleWindow().toNanos();
        List<Double> waiter = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        Map<String, Double> byThread = new HashMap<>();
        for (int i = 0; i < plan.idleRuns(); i++) {
            Window window = once(i);
            waiter.add(window.waiter().seconds() * scale);
            bare.add(window.bare().seconds() * scale);
            Map<String, Long> threads = new HashMap<>(window.waiter().byThread());
            threads.put("(not attributed: ended threads, per-thread rounding)", window.waiter().unattributedTicks());
            threads.forEach((name, ticks) -> byThread.merge(name,
                    ticks / CpuTimes.TICKS_PER_SECOND * scale / plan.idleRuns(), Double::sum));
        }
        Stats stats = Stats.of(waiter);
        String scaled = plan.idleWindow().equals(Plan.IDLE_BUDGET_WINDOW) ? ""
                : ", scaled from " + plan.idleWindow().toSeconds() + " s windows";
        report.add(Row.of("CPU (user+sys) of waiter while the job sleeps, per 10 s" + scaled, stats.median(),
                stats.spread("s") + "; bare sleeping JVM " + Fmt.num(Stats.of(bare).median()) + " s", BUDGET));
        report.note("idle CPU of the waiter by thread, per 10 s, mean of " + plan.idleRuns() + " runs (/proc ticks of "
                + "10 ms): " + top(byThread));
    }

    private Window once(int i) throws Exception {
        long runSeconds = SETTLE.plus(plan.idleWindow()).toSeconds() + 2;
        RunFolder waiterRun = workspace.run("idle-waiter-" + i);
        RunFolder bareRun = workspace.run("idle-bare-" + i);
        try (Child waiter = Child.start(Jvm.jar(jar, List.of(), "--service-dir", waiterRun.service(), runSeconds),
                waiterRun);
                Child bare = Child.start(Jvm.main(Sleeper.class, List.of(), runSeconds), bareRun)) {
            // Measuring over a fixed window is the point here: sleep through it.
            Thread.sleep(SETTLE.toMillis());
            CpuTimes waiterBefore = CpuTimes.of(waiter.pid());
            CpuTimes bareBefore = CpuTimes.of(bare.pid());
            Thread.sleep(plan.idleWindow().toMillis());
            Window window = new Window(CpuTimes.of(waiter.pid()).since(waiterBefore),
                    CpuTimes.of(bare.pid()).since(bareBefore));
            waiter.expectExit(0, Duration.ofSeconds(30));
            bare.expectExit(0, Duration.ofSeconds(30));
            return window;
        }
    }

    private static String top(Map<String, Double> secondsByThread) {
        String busiest = secondsByThread.entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(6)
                .map(entry -> "`" + entry.getKey() + "` " + Fmt.num(entry.getValue() * 1000) + " ms")
                .collect(Collectors.joining(", "));
        return busiest.isEmpty() ? "none measurable" : busiest;
    }
}
