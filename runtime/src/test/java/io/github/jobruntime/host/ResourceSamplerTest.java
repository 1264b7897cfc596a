package io.github.jobruntime.host;

import io.github.jobruntime.os.ProcessSource;
import io.github.jobruntime.os.ProcessTree;
import io.github.jobruntime.os.Signal;
import io.github.jobruntime.status.resources.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sampler on real process trees: busy loops, writes, and the JVM's own children. */
@Timeout(60)
class ResourceSamplerTest {

    private static final long MB = 1_000_000;

    @TempDir
    Path temp;

    private ProcessTree tree;

    @AfterEach
    void stopTree() {
        if (tree != null) {
            tree.stop(Signal.KILL, Instant.now().plusSeconds(5));
        }
    }

    /** Made before the command starts, as the runtime makes it: all the command does counts. */
    private ResourceSampler sample(String script) throws IOException {
        ResourceSampler sampler = new ResourceSampler(() -> tree == null ? new long[0] : tree.pids());
        tree = ProcessTree.start(new ProcessBuilder(List.of("bash", "-c", script)).directory(temp.toFile()));
        return sampler;
    }

    @Test
    void treeBurningTwoCoresShowsTheCoresItGets() throws IOException {
        ResourceSampler sampler = sample("burn() { while :; do :; done; }; burn & burn & wait");
        await().atMost(Duration.ofSeconds(10)).until(() -> sampler.sample().processes() == 3);

        // The same interval measured apart: the JDK's CPU times of the same processes (nanoseconds, converted with
        // the kernel's own tick rate), over the same wall time.
        long[] pids = tree.pids();
        double cpuBefore = cpuSeconds(pids);
        long start = System.nanoTime();
        sampler.sample();
        await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
        Resources measured = sampler.sample();
        double reference = (cpuSeconds(pids) - cpuBefore) / ((System.nanoTime() - start) / 1e9);
        double load = loadAverage();

        System.out.printf("[resources] two busy loops: %.2f cores sampled, %.2f by the JDK, load average %.1f%n",
                measured.cpuCores(), reference, load);
        assertTrue(Math.abs(measured.cpuCores() - reference) < 0.25, measured + " vs " + reference);
        assertTrue(measured.cpuCores() < measured.cpuLimitCores() + 0.3, "no more than the machine has: " + measured);
        if (load < measured.cpuLimitCores()) {
            // A 2-core machine that other work shares still gives two busy loops well over half of it: more than
            // 1.2 cores can only come from both loops, each child counted. Under a load above the cores, the
            // loops get what the scheduler leaves them, which the comparison above checks.
            assertTrue(measured.cpuCores() > 1.2, "cores per interval: " + measured);
        }
    }

    private static double cpuSeconds(long[] pids) {
        return Arrays.stream(pids).mapToObj(ProcessHandle::of).flatMap(Optional::stream)
                .map(handle -> handle.info().totalCpuDuration().orElse(Duration.ZERO))
                .mapToLong(Duration::toNanos).sum() / 1e9;
    }

    private static double loadAverage() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ", -1)[0]);
    }

    @Test
    void bytesWrittenByTheTreeAreCounted() throws IOException {
        // 5000 writes of 1000 bytes by bash itself, which then stays as sleep (same pid, same counters).
        ResourceSampler sampler = sample("for i in {1..5000}; do printf '%01000d' 0; done > out.bin; exec sleep 30");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Resources now = sampler.sample();
            assertTrue(now.writeBytes() >= 5 * MB, "bytes written: " + now);
        });
    }

    @Test
    void aProcessThatEndedKeepsItsFiguresAndThePeakStays() throws IOException {
        ResourceSampler sampler = sample("sleep 0.5; exec sleep 30");
        await().atMost(Duration.ofSeconds(10)).until(() -> sampler.sample().rssBytes() > 0);
        long peak = sampler.sample().rssPeakBytes();

        tree.stop(Signal.KILL, Instant.now().plusSeconds(5));
        Resources after = sampler.sample();

        assertTrue(after.rssBytes() == 0 && after.processes() == 0, "nothing runs: " + after);
        assertTrue(after.rssPeakBytes() >= peak && peak > 0, "the peak stays: " + after);
    }

    @Test
    void theJvmSourceIsThisJvmAndTheProcessesItStarted() throws IOException {
        Process child = new ProcessBuilder("sleep", "30").start();
        try {
            long[] pids = ProcessSource.jvm().pids();

            assertTrue(Arrays.stream(pids).anyMatch(pid -> pid == ProcessHandle.current().pid()), Arrays.toString(pids));
            assertTrue(Arrays.stream(pids).anyMatch(pid -> pid == child.pid()), Arrays.toString(pids));
        } finally {
            child.destroyForcibly();
        }
    }
}
