package io.github.jobruntime.bench;

import io.github.jobruntime.host.ResourceSampler;
import io.github.jobruntime.os.ProcessTree;
import io.github.jobruntime.os.Signal;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.List;

/**
 * What the resources card costs: one sample of a 100-process tree (a shell and 99 sleeps in a session of their
 * own, as run mode starts a command) is a scan of /proc for the tree and a read of each process's stat and io,
 * as the status reporter does once per status interval (1 s by default). Measured as the CPU time of the
 * sampling thread over many samples, and given as a share of one core at one sample a second.
 */
final class ResourceSampling implements Section {

    static final int PROCESSES = 100;
    private static final Budget BUDGET = Budget.atMost(1, "% of a core");

    private final Plan plan;

    ResourceSampling(Plan plan) {
        this.plan = plan;
    }

    @Override
    public String name() {
        return "sampling";
    }

    @Override
    public String title() {
        return "resource sampling of a " + PROCESSES + "-process tree";
    }

    @Override
    public void measure(Report report) throws Exception {
        String script = "for i in $(seq " + (PROCESSES - 1) + "); do sleep 600 & done; wait";
        ProcessTree tree = ProcessTree.start(new ProcessBuilder(List.of("bash", "-c", script)));
        try {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (tree.pids().length < PROCESSES) {
                if (System.nanoTime() > deadline) {
                    throw new HarnessException("the tree did not reach " + PROCESSES + " processes in 30 s: "
                            + tree.pids().length);
                }
                Thread.onSpinWait();
            }
            ResourceSampler sampler = new ResourceSampler(tree);
            int samples = plan.samplingSamples();
            for (int i = 0; i < samples / 5; i++) {
                sampler.sample();
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            int seen = 0;
            for (int i = 0; i < samples; i++) {
                seen = sampler.sample().processes();
            }
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6 / samples;
            double wallMs = (System.nanoTime() - wall) / 1e6 / samples;
            if (seen != PROCESSES) {
                throw new HarnessException("the last sample saw " + seen + " processes, not " + PROCESSES);
            }
            // One sample per second: milliseconds of CPU per sample are tenths of a percent of a core.
            double percent = cpuMs / 10;
            report.add(Row.of("resource sample of a " + PROCESSES + "-process tree, CPU at 1 sample/s", percent,
                    Fmt.num(percent) + " % of a core (" + Fmt.num(cpuMs) + " ms CPU, " + Fmt.num(wallMs)
                            + " ms wall per sample, n " + samples + ")", BUDGET));
        } finally {
            tree.stop(Signal.KILL, Instant.now().plusSeconds(5));
        }
    }
}
