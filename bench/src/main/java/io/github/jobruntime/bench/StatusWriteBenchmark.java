package io.github.jobruntime.bench;

import io.github.jobruntime.io.AtomicFile;
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

/**
 * One status page, 50 log lines: rendered and written atomically ({@code StatusReporter.writeNow()}), and,
 * to tell rendering from I/O, the same bytes written atomically without rendering.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class StatusWriteBenchmark {

    private Path folder;
    private StatusPageFixture page;
    private Path copy;
    private byte[] bytes;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        folder = Files.createTempDirectory("job-runtime-bench-");
        Path status = folder.resolve("status.html");
        page = new StatusPageFixture(status);
        page.advanceAndWrite();
        bytes = Files.readAllBytes(status);
        copy = folder.resolve("copy.html");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        page.close();
        TempFolders.delete(folder);
    }

    @Benchmark
    public void renderAndWrite() {
        page.advanceAndWrite();
    }

    @Benchmark
    public void writeOnly() {
        AtomicFile.write(copy, bytes, false);
    }
}
