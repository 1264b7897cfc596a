package io.github.jobruntime.bench;

import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.status.StatusModel;
import io.github.jobruntime.status.StatusReporter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The status reporter's throttle under load: a job calls {@code ctx.progress()} a million times as fast as it can,
 * and the page is rendered at most once per status interval while the calls go on, plus the render of the last
 * value. Counted in-process as the reporter's wake-ups (its tick runs before each of its own writes, and a wake-up
 * renders at most once), over the intervals the calls took, plus a few for the last render and the scheduler.
 */
final class StatusThrottle implements Section {

    static final int CALLS = 1_000_000;
    static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Budget BUDGET = Budget.atMost(3, "renders over the intervals");

    private final Plan plan;
    private final Workspace workspace;

    StatusThrottle(Plan plan, Workspace workspace) {
        this.plan = plan;
        this.workspace = workspace;
    }

    @Override
    public String name() {
        return "throttle";
    }

    @Override
    public String title() {
        return "status renders for " + Fmt.num(CALLS) + " progress calls";
    }

    @Override
    public void measure(Report report) {
        int runs = plan.throttleRuns();
        long worst = Long.MIN_VALUE;
        long[] worstRun = null;
        for (int i = 0; i < runs; i++) {
            long[] run = run();
            if (run[0] - run[1] > worst) {
                worst = run[0] - run[1];
                worstRun = run;
            }
        }
        report.add(Row.of("status renders for " + Fmt.num(CALLS) + " `ctx.progress()` calls in a row, "
                + INTERVAL.toMillis() + " ms status interval, beyond one per interval the calls took (worst of "
                + runs + ")", (double) worst, worst + " (" + worstRun[0] + " renders, "
                        + worstRun[1] + " intervals in " + Fmt.num(worstRun[2] / 1e6) + " ms of calls)",
                BUDGET));
    }

    /** {@return the renders, the whole intervals the calls took, and the nanoseconds they took} */
    private long[] run() {
        StatusModel model = new StatusModel("Solver", 20);
        AtomicLong wakeUps = new AtomicLong();
        try (StatusReporter reporter = new StatusReporter(model, workspace.run("throttle").status(), INTERVAL,
                "bench-host", JobRuntime.version(), null, Clock.systemUTC(), wakeUps::incrementAndGet)) {
            reporter.writeNow();
            reporter.start();
            long before = wakeUps.get();
            long start = System.nanoTime();
            for (int i = 1; i <= CALLS; i++) {
                model.progress(i, CALLS);
            }
            long end = System.nanoTime();
            // The wake-up after the last call renders its value: the page is complete once it has come.
            long atEnd = wakeUps.get();
            while (wakeUps.get() == atEnd) {
                if (System.nanoTime() - end > TimeUnit.SECONDS.toNanos(5)) {
                    throw new HarnessException("the status reporter did not wake up within 5 s of the last progress "
                            + "call (interval " + INTERVAL.toMillis() + " ms)");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            return new long[] {wakeUps.get() - before, (end - start) / INTERVAL.toNanos(), end - start};
        }
    }
}
