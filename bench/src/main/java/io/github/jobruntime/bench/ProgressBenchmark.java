package io.github.jobruntime.bench;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.status.StatusModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The worker's hot path: {@code ctx.progress()} in a running job, and the {@link StatusModel} call behind it. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProgressBenchmark {

    private static final long TOTAL = Long.MAX_VALUE;

    /** A job run by the real runtime, its reporter writing status.html every second meanwhile. */
    @State(Scope.Thread)
    public static class Worker {
        Path serviceDir;
        ParkedJob job;
        JobContext ctx;
        long done;

        @Setup(Level.Trial)
        public void start() throws Exception {
            serviceDir = Files.createTempDirectory("job-runtime-bench-");
            job = ParkedJob.start(serviceDir);
            ctx = job.context();
        }

        @TearDown(Level.Trial)
        public void stop() throws Exception {
            job.close();
            TempFolders.delete(serviceDir);
        }
    }

    /** A model alone. */
    @State(Scope.Thread)
    public static class Model {
        final StatusModel model = new StatusModel("bench", 20);
        long done;
    }

    @Benchmark
    public void contextProgress(Worker worker) {
        worker.ctx.progress(++worker.done, TOTAL);
    }

    @Benchmark
    public void modelProgress(Model model) {
        model.model.progress(++model.done, TOTAL);
    }
}
