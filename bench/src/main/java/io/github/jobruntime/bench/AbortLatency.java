package io.github.jobruntime.bench;

import io.github.jobruntime.JobState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * ABORT to final result: a child JVM runs {@code abortable_waiter 60}; once its page shows RUNNING, ABORT is
 * appended as the platform does, and result.txt is watched (every 0.5 ms) for the aborted text.
 */
final class AbortLatency implements Section {

    private static final String ABORTED = "Done. My waiting was aborted";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Plan plan;
    private final Workspace workspace;
    private final Path jar;

    AbortLatency(Plan plan, Workspace workspace, Path abortableWaiterJar) {
        this.plan = plan;
        this.workspace = workspace;
        this.jar = abortableWaiterJar;
    }

    @Override
    public String name() {
        return "abort";
    }

    @Override
    public String title() {
        return "ABORT -> final result.txt, abortable_waiter";
    }

    @Override
    public void measure(Report report) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < plan.abortRuns(); i++) {
            millis.add(once(i));
        }
        Stats stats = Stats.of(millis);
        report.add(Row.of("ABORT appended -> result.txt \"" + ABORTED + " ...\", abortable_waiter (child JVM)",
                stats.median(), stats.spread("ms"), Budget.atMost(50, "ms").gatedAt(75)));
    }

    private double once(int i) throws Exception {
        RunFolder run = workspace.run("abort-" + i);
        try (Child job = Child.start(Jvm.jar(jar, List.of(), "--service-dir", run.service(), 60), run)) {
            job.await("status.html shows RUNNING", START_TIMEOUT,
                    () -> run.platform().page().state().orElse(null) == JobState.RUNNING);
            long appended = System.nanoTime();
            run.platform().send("ABORT");
            long done = job.await("result.txt says the waiting was aborted", Duration.ofSeconds(30),
                    () -> run.platform().result().orElse("").startsWith(ABORTED));
            job.expectExit(0, Duration.ofSeconds(30));
            return (done - appended) / 1e6;
        }
    }
}
