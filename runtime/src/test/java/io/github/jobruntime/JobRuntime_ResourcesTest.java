package io.github.jobruntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.ChildJvm;
import io.github.jobruntime.testkit.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The resources card of real jobs: a JVM holding memory, one in a memory-limited cgroup, one that will not finish in time. */
@Timeout(90)
class JobRuntime_ResourcesTest {

    private static final double MIB = 1024 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private static void abort(Path service) {
        Platform.at(service).send("ABORT");
    }

    @Test
    void aJobHoldingTwoHundredMegabytesShowsThemNowAndAtPeakAndInItsLastLogLine() throws IOException {
        Path service = Files.createDirectory(temp.resolve("service"));
        try (ChildJvm hog = ChildJvm.start(temp, ResourceHog.class, Map.of(), service.toString(), "200")) {
            await().atMost(PATIENCE).untilAsserted(() -> {
                Platform.Page page = Platform.at(service).page();
                double rss = page.figure(Platform.Figure.RSS_BYTES).orElse(Double.NaN);
                assertTrue(rss >= 200 * MIB, page.html());
                assertTrue(page.figure(Platform.Figure.RSS_PEAK_BYTES).orElse(Double.NaN) >= rss, page.html());
                assertTrue(page.figure(Platform.Figure.MEMORY_LIMIT_BYTES).orElse(Double.NaN) > 200 * MIB, page.html());
            });

            abort(service);

            assertEquals(0, hog.exitCode(20), hog.stderr());
            Platform.Page last = Platform.at(service).page();
            assertTrue(last.figure(Platform.Figure.RSS_PEAK_BYTES).orElse(Double.NaN) >= 200 * MIB, last.html());
            assertTrue(Pattern.compile("Hog - ended ABORTED, exit code 0, CPU \\d+\\.\\d\\d cores mean, peak memory "
                    + "\\d+(\\.\\d)? MiB, read [^,]+, written [^,]+, wall time \\d+ s; result: ").matcher(hog.stderr())
                    .find(), hog.stderr());
        }
    }

    @Test
    void aJobInAMemoryLimitedCgroupShowsTheLimit() throws IOException {
        long limit = 400L * 1024 * 1024;
        Optional<Cgroup> cgroup = Cgroup.create("jobruntime-test-" + ProcessHandle.current().pid(), limit);
        Requirement.assume("cgroup", cgroup.isPresent(), "cannot make a memory-limited cgroup here: neither "
                + "/sys/fs/cgroup (v2 with the memory controller) nor /sys/fs/cgroup/memory (v1) is writable");
        Path service = Files.createDirectory(temp.resolve("service"));
        try (Cgroup group = cgroup.get(); ChildJvm hog = ChildJvm.start(temp, ResourceHog.class, Map.of(),
                service.toString(), "20")) {
            // The JVM reads its limits at its first status tick, long after this.
            group.add(hog.pid());

            await().atMost(PATIENCE).untilAsserted(() -> {
                Platform.Page page = Platform.at(service).page();
                assertEquals((double) limit, page.figure(Platform.Figure.MEMORY_LIMIT_BYTES).orElse(Double.NaN),
                        page.html());
            });
            assertTrue(Platform.at(service).page().html().contains("> cgroup memory."),
                    Platform.at(service).page().html());

            abort(service);
            assertEquals(0, hog.exitCode(20), hog.stderr());
        }
    }

    @Test
    void anEtaPastTheWallTimeFromTheCommandLineGivesTheWarning() throws IOException {
        Path service = Files.createDirectory(temp.resolve("service"));
        CommandLineOptions options = option -> option.equals("--walltime") ? Duration.ofSeconds(20) : null;
        JobRuntime runtime = JobRuntime.builder().serviceDir(service).statusInterval(Duration.ofMillis(200))
                .environment(Map.of("JOB_RUNTIME_WALLTIME", "2h")).options(options).build();
        CompletableFuture<JobOutcome> run = CompletableFuture.supplyAsync(() -> runtime.run(ctx -> {
            for (int i = 1; i <= 100_000; i++) {
                ctx.progress(i, 100_000);
                Thread.sleep(10);
            }
            return "done";
        }));

        await().atMost(PATIENCE).untilAsserted(() -> {
            Platform.Page page = Platform.at(service).page();
            assertTrue(page.html().contains("past its wall-time limit."), page.html());
            double left = page.figure(Platform.Figure.WALLTIME_LEFT_S).orElse(Double.NaN);
            assertTrue(left > 0 && left <= 20, "the command line's 20 s, not the environment's 2 h: " + left);
        });

        abort(service);
        assertEquals(JobState.ABORTED, run.join().state());
    }

    /** A cgroup of the test's own, under this process's memory cgroup; removed on close. */
    private record Cgroup(Path dir) implements AutoCloseable {

        static Optional<Cgroup> create(String name, long limit) {
            for (Path parent : List.of(Path.of("/sys/fs/cgroup"), ownV1MemoryGroup())) {
                boolean v2 = parent.equals(Path.of("/sys/fs/cgroup"));
                if (v2 && !controllers(parent).contains("memory")) {
                    continue;
                }
                Path dir = parent.resolve(name);
                try {
                    Files.createDirectory(dir);
                    Files.writeString(dir.resolve(v2 ? "memory.max" : "memory.limit_in_bytes"), Long.toString(limit));
                    return Optional.of(new Cgroup(dir));
                } catch (IOException | UnsupportedOperationException e) {
                    dir.toFile().delete();
                }
            }
            return Optional.empty();
        }

        void add(long pid) throws IOException {
            Files.writeString(dir.resolve("cgroup.procs"), Long.toString(pid));
        }

        private static String controllers(Path v2) {
            try {
                return Files.readString(v2.resolve("cgroup.subtree_control"));
            } catch (IOException e) {
                return "";
            }
        }

        private static Path ownV1MemoryGroup() {
            try {
                return Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                        .map(line -> line.split(":", 3)).filter(parts -> parts.length == 3 && parts[1].equals("memory"))
                        .map(parts -> Path.of("/sys/fs/cgroup/memory", parts[2].substring(1))).findFirst()
                        .orElse(Path.of("/sys/fs/cgroup/memory"));
            } catch (IOException e) {
                return Path.of("/sys/fs/cgroup/memory");
            }
        }

        @Override
        public void close() {
            // The JVM has exited; an emptied group can be removed.
            await().atMost(Duration.ofSeconds(10)).until(() -> dir.toFile().delete() || !Files.exists(dir));
        }
    }
}
