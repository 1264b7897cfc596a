package io.github.jobruntime.command;

import io.github.jobruntime.JobContext;

/**
 * The total of the {@code --progress} rules that read {@code done} alone, shared by them and by the rules that read a
 * {@code total} alone, on either output stream or in a file: given at start ({@code --progress-total}), or set each
 * time a total rule matches. It keeps the last {@code done} as well, so that a total that comes after the first steps
 * (LAMMPS's {@code run 300}, read from the log it writes) shows at once, and a done before any total is not lost.
 */
final class RunningTotal {

    private double total;
    private double done = Double.NaN;

    RunningTotal(double total) {
        this.total = total;
    }

    synchronized double total() {
        return total;
    }

    /** Sets the total; reports the progress when a done is known. */
    synchronized void total(double value, JobContext ctx) {
        if (Double.isFinite(value) && value > 0) {
            total = value;
            report(ctx);
        }
    }

    /** Sets the done; reports the progress when a total is known. */
    synchronized void done(double value, JobContext ctx) {
        if (Double.isFinite(value)) {
            done = value;
            report(ctx);
        }
    }

    private void report(JobContext ctx) {
        if (Double.isFinite(done) && Double.isFinite(total)) {
            ctx.progress(done, total);
        }
    }
}
