package io.github.jobruntime.os;

/**
 * The runtime's own reading of {@code /proc/PID/stat} ({@link ProcessTable}), for tests in other packages, so that
 * they tell a running process from a gone one exactly as the runtime does.
 */
public final class ProcessStates {

    private ProcessStates() {
    }

    /**
     * Whether the process runs, as the kernel's process table says: a zombie whose parent does not reap it (a
     * container's init may not) has ended and counts as gone.
     */
    public static boolean running(long pid) {
        return ProcessTable.read(pid).map(entry -> !entry.gone()).orElse(false);
    }

    /**
     * {@return the process's start time in clock ticks since boot (field 22 of {@code /proc/PID/stat}), -1 when
     * there is no such process} With the pid, it tells a process from a later one that got the same pid.
     */
    public static long startTicks(long pid) {
        return ProcessTable.read(pid).map(ProcessTable.Entry::startTicks).orElse(-1L);
    }
}
