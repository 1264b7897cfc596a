package io.github.jobruntime.run;

/** The exit codes a run ends with, besides 0 and a job's own; {@code JobRuntime} publishes them. */
public final class ExitCodes {

    /** A job that failed. */
    public static final int FAILED = 1;
    /** A usage or configuration error: the job did not start. */
    public static final int USAGE = 2;
    /** sysexits' {@code EX_IOERR}: the final result could not be written. */
    public static final int IO_ERROR = 74;
    /** After SIGTERM, as the shell reports a process it ended: 128 + 15. */
    public static final int CANCELLED = 143;

    private ExitCodes() {
    }
}
