package io.github.jobruntime.host;

import io.github.jobruntime.os.ProcessSource;
import io.github.jobruntime.os.ProcessTable;
import io.github.jobruntime.status.resources.Resources;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Samples what the job's processes use, from {@code /proc}: CPU time ({@code utime + stime} of
 * {@code /proc/PID/stat}), resident memory (its {@code rss}) and bytes read and written ({@code rchar} and
 * {@code wchar} of {@code /proc/PID/io}: those count every read and write call, so they see the I/O on network
 * file systems (NFS, Lustre, GPFS) and from the page cache, where {@code read_bytes} and {@code write_bytes}, counted
 * at the block device, say nothing). A process that ends between two samples keeps the figures it had at the
 * last one. Not thread-safe: the status reporter's thread samples.
 */
public final class ResourceSampler {

    /** CPU times come in 10 ms ticks: a shorter interval cannot tell 1 core from 0. */
    private static final long MIN_INTERVAL_NANOS = 250_000_000;

    /** The figures of one process at its last sample, and those at its first when it was already running. */
    private static final class Seen {
        final long startTicks;
        final long baseCpu;
        final long baseRead;
        final long baseWritten;
        long cpu;
        long read;
        long written;

        Seen(ProcessTable.Usage usage, long[] io, boolean counted) {
            startTicks = usage.startTicks();
            baseCpu = counted ? 0 : usage.cpuTicks();
            baseRead = counted || io == null ? 0 : io[0];
            baseWritten = counted || io == null ? 0 : io[1];
            update(usage, io);
        }

        void update(ProcessTable.Usage usage, long[] io) {
            cpu = usage.cpuTicks();
            if (io != null) {
                read = io[0];
                written = io[1];
            }
        }
    }

    private final ProcessSource source;
    private final LongSupplier nanos;
    private final Map<Long, Seen> seen = new HashMap<>();
    private final long startNanos;
    private ResourceLimits limits;
    private long endedCpu;
    private long endedRead;
    private long endedWritten;
    private boolean ioKnown;
    private long lastNanos;
    private long lastCpu;
    private long peakRss;
    private double lastCores = Double.NaN;

    /**
     * Takes a first sample at once: what the processes running now have used before counts for nothing, so that a
     * JVM's own start-up is not the job's. Processes found later count from their start.
     */
    public ResourceSampler(ProcessSource source) {
        this(source, System::nanoTime);
    }

    ResourceSampler(ProcessSource source, LongSupplier nanos) {
        this.source = source;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.lastNanos = startNanos;
        for (long pid : ProcessTable.available() ? source.pids() : new long[0]) {
            ProcessTable.usage(pid).ifPresent(usage -> seen.put(pid, new Seen(usage, io(pid), false)));
        }
    }

    /** {@return the figures now; the limits are read at the first call} */
    public Resources sample() {
        if (limits == null) {
            limits = ResourceLimits.ofThisProcess();
        }
        long now = nanos.getAsLong();
        long rss = 0;
        int processes = 0;
        Set<Long> running = new HashSet<>();
        if (ProcessTable.available()) {
            for (long pid : source.pids()) {
                Optional<ProcessTable.Usage> usage = ProcessTable.usage(pid);
                if (usage.isEmpty()) {
                    continue;
                }
                long[] io = io(pid);
                Seen known = seen.get(pid);
                if (known != null && known.startTicks != usage.get().startTicks()) {
                    end(seen.remove(pid));
                    known = null;
                }
                if (known == null) {
                    seen.put(pid, new Seen(usage.get(), io, true));
                } else {
                    known.update(usage.get(), io);
                }
                running.add(pid);
                rss += usage.get().rssPages() * ProcessTable.pageSize();
                processes++;
            }
        }
        seen.entrySet().removeIf(entry -> {
            if (running.contains(entry.getKey())) {
                return false;
            }
            end(entry.getValue());
            return true;
        });
        long cpu = endedCpu;
        long read = endedRead;
        long written = endedWritten;
        for (Seen process : seen.values()) {
            cpu += process.cpu - process.baseCpu;
            read += process.read - process.baseRead;
            written += process.written - process.baseWritten;
        }
        peakRss = Math.max(peakRss, rss);
        if (now - lastNanos >= MIN_INTERVAL_NANOS) {
            // A sample soon after another (a state change wakes the reporter) keeps the last interval's figure.
            lastCores = cores(cpu - lastCpu, now - lastNanos);
            lastCpu = cpu;
            lastNanos = now;
        }
        double mean = now - startNanos >= MIN_INTERVAL_NANOS ? cores(cpu, now - startNanos) : Double.NaN;
        return new Resources(lastCores, mean, rss, peakRss, ioKnown ? read : -1, ioKnown ? written : -1, processes,
                limits.memoryBytes(), limits.memorySource(), limits.cpuCores(), limits.cpuSource());
    }

    private void end(Seen process) {
        endedCpu += process.cpu - process.baseCpu;
        endedRead += process.read - process.baseRead;
        endedWritten += process.written - process.baseWritten;
    }

    private long[] io(long pid) {
        long[] io = ProcessTable.io(pid).orElse(null);
        ioKnown |= io != null;
        return io;
    }

    private static double cores(long ticks, long nanos) {
        return ticks * (1e9 / ProcessTable.TICKS_PER_SECOND) / nanos;
    }
}
