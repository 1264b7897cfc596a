package io.github.jobruntime.bench;

import io.github.jobruntime.Control;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.status.StatusModel;
import io.github.jobruntime.status.StatusReporter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The page of the render benchmark: a running job with an Abort button, a message, progress, 50 log lines
 * (with characters to escape) and a metric chart of about 500 points, written through the public
 * {@link StatusReporter#writeNow()}.
 */
final class StatusPageFixture implements AutoCloseable {

    static final int LOG_LINES = 50;
    static final String METRIC = "residual";
    private static final long TOTAL = 1_000_000;
    /**
     * Values fed before the first write. A series keeps every stride-th value, the stride doubling whenever 500
     * are kept: after 4,000,000 values every 8192nd is kept, 489 points plus the latest, and the about 88,000
     * writes it takes to reach 500 and halve are more than one benchmark fork makes.
     */
    static final int METRIC_VALUES = 4_000_000;

    private final StatusModel model = new StatusModel("Solver <run 42> & friends", LOG_LINES);
    private final StatusReporter reporter;
    private long done;
    private long values;

    /** @param target the status.html to write */
    StatusPageFixture(Path target) {
        model.controls(List.of(new Control("Abort", "ABORT", "Really abort the run?")));
        model.running(Instant.now().minusSeconds(3_600));
        model.message("Phase 2 of 3: implicit time stepping");
        for (int i = 1; i <= LOG_LINES; i++) {
            model.log(String.format(Locale.ROOT, "step %d: residual %.3e < tol? no & dt = %.4f s, cfl %.2f",
                    i, 1.0 / i, 0.001 * i, 0.5 + i / 100.0));
        }
        Instant at = Instant.now();
        for (int i = 0; i < METRIC_VALUES; i++) {
            model.metric(METRIC, residual(i), at);
        }
        values = METRIC_VALUES;
        reporter = new StatusReporter(model, target, Duration.ofSeconds(1), "bench-host", JobRuntime.version(), null,
                Clock.systemUTC());
    }

    /**
     * Advances the progress and adds a metric value, as a job does between two pages, renders the page and
     * writes it atomically.
     */
    void advanceAndWrite() {
        done = done % TOTAL + 1;
        model.progress(done, TOTAL);
        model.metric(METRIC, residual(values++), Instant.now());
        reporter.writeNow();
    }

    /** A converging solver's residual: four decades over the values fed at the start, a log-scale chart. */
    private static double residual(long i) {
        return Math.exp(-10.0 * i / METRIC_VALUES);
    }

    @Override
    public void close() {
        reporter.close();
    }
}
