package io.github.jobruntime.bench;

/**
 * The fields of a {@code /proc/PID/stat} line after the command name, state first: the name may hold spaces and
 * parentheses, so it ends at the last ")". The runtime's own reader is inside its module; this is the harness's.
 */
final class ProcStat {

    private ProcStat() {
    }

    /** {@return the fields after the name; {@code [0]} is field 3 of proc(5), the state} */
    static String[] fields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
    }
}
