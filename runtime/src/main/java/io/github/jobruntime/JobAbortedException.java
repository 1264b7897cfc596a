package io.github.jobruntime;

/**
 * Thrown by {@link JobContext#checkAbort()} once the job has been asked to stop, so that a job can leave
 * deep loops with one call.
 */
public class JobAbortedException extends JobRuntimeException {

    public JobAbortedException(String message) {
        super(message);
    }
}
