package io.github.jobruntime.status.resources;

import io.github.jobruntime.status.card.Formats;
import java.util.Locale;
import java.util.Objects;

/**
 * What the job's processes use and may use, as sampled at one moment: the figures of the page's resources card.
 *
 * @param cpuCores          CPU time over wall time since the previous sample, in cores; NaN before a second sample
 * @param cpuMeanCores      the same since the job started; NaN before a second sample
 * @param rssBytes          resident memory summed over the processes
 * @param rssPeakBytes      the largest of those sums so far
 * @param readBytes         bytes read by the processes so far, -1 when the system does not say
 * @param writeBytes        bytes written by the processes so far, -1 when the system does not say
 * @param processes         how many processes were sampled
 * @param memoryLimitBytes  the most memory the processes may use, 0 when unknown
 * @param memoryLimitSource where that limit comes from, e.g. {@code cgroup memory.max}
 * @param cpuLimitCores     the most cores the processes may use, 0 when unknown
 * @param cpuLimitSource    where that limit comes from, e.g. {@code CPU affinity}
 */
public record Resources(double cpuCores, double cpuMeanCores, long rssBytes, long rssPeakBytes, long readBytes,
        long writeBytes, int processes, long memoryLimitBytes, String memoryLimitSource, double cpuLimitCores,
        String cpuLimitSource) {

    /** Memory above this share of its limit turns the resources card into a warning. */
    public static final double MEMORY_WARNING = 0.9;

    public Resources {
        Objects.requireNonNull(memoryLimitSource, "memoryLimitSource");
        Objects.requireNonNull(cpuLimitSource, "cpuLimitSource");
    }

    /** {@return the figures in one line for the log: {@code CPU 1.93 cores mean, peak memory 210 MiB, …}} */
    public String summary() {
        String cpu = Double.isNaN(cpuMeanCores) ? "CPU –" : String.format(Locale.ROOT, "CPU %.2f cores mean", cpuMeanCores);
        String io = readBytes < 0 ? "" : ", read " + Formats.size(readBytes) + ", written " + Formats.size(writeBytes);
        return cpu + ", peak memory " + Formats.size(rssPeakBytes) + io;
    }

    /** {@return whether the memory in use is above {@link #MEMORY_WARNING} of its limit} */
    public boolean memoryNearLimit() {
        return memoryLimitBytes > 0 && rssBytes > MEMORY_WARNING * memoryLimitBytes;
    }
}
