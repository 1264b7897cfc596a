package io.github.jobruntime;

/**
 * Thrown by {@link JobContext#checkAbort()} once the job has been asked to stop, so that a job can leave
 * deep loops with one call. A job may also throw it itself after a stop request, saying what it did to stop
 * (e.g. {@code "the solver stopped after SIGTERM"}); the result then reads
 * {@code ABORTED: <reason> - <message>}.
 */
public class JobAbortedException extends JobRuntimeException {

    public JobAbortedException(String message) {
        super(message);
    }
}
