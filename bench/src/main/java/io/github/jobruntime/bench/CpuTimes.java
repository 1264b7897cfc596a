package io.github.jobruntime.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time (user + system) a Linux process has used, in all and per thread name, from {@code /proc}. The
 * JVM names its native threads after the Java ones, cut to 15 characters ({@code job-runtime-sta}).
 *
 * @param ticks    the whole process, including threads that have ended, in clock ticks
 * @param byThread the live threads, summed per name, in clock ticks
 */
record CpuTimes(long ticks, Map<String, Long> byThread) {

    /** USER_HZ: /proc counts in 1/100 s on every mainstream Linux architecture. */
    static final double TICKS_PER_SECOND = 100;

    CpuTimes {
        byThread = Map.copyOf(byThread);
    }

    static CpuTimes of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long ticks = ticks(Files.readString(proc.resolve("stat")));
        Map<String, Long> byThread = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    byThread.merge(name, ticks(Files.readString(task.resolve("stat"))), Long::sum);
                } catch (NoSuchFileException ended) {
                    // the thread ended between listing and reading
                }
            }
        }
        return new CpuTimes(ticks, byThread);
    }

    /** {@return the time used since {@code earlier}; threads absent from {@code earlier} count from zero} */
    CpuTimes since(CpuTimes earlier) {
        Map<String, Long> delta = new HashMap<>();
        byThread.forEach((name, now) -> delta.put(name, now - earlier.byThread.getOrDefault(name, 0L)));
        return new CpuTimes(ticks - earlier.ticks, delta);
    }

    /**
     * {@return in a difference: ticks not seen in the live threads - threads that ended in between (idle JIT
     * compiler threads do), and rounding, as the kernel truncates each thread's time to whole ticks}
     */
    long unattributedTicks() {
        return ticks - byThread.values().stream().mapToLong(Long::longValue).sum();
    }

    double seconds() {
        return ticks / TICKS_PER_SECOND;
    }

    /** utime + stime from the text of a {@code stat} file: fields 14 and 15, counted after the ")" of the name. */
    private static long ticks(String stat) {
        String[] fields = ProcStat.fields(stat);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
