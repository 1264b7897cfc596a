package io.github.jobruntime;

/**
 * Ends a job as {@link JobState#FAILED} with a reason and a chosen exit code, without a stack trace in the
 * log: for failures the job has understood, such as a solver that exited with an error code.
 */
public class JobFailedException extends JobRuntimeException {

    private final int exitCode;

    /**
     * @param reason   what went wrong; the result reads {@code FAILED: <reason>}
     * @param exitCode the launcher's exit code, 1 to 255
     */
    public JobFailedException(String reason, int exitCode) {
        super(reason);
        if (exitCode < 1 || exitCode > 255) {
            throw new IllegalArgumentException("a failed job's exit code must be between 1 and 255, got " + exitCode);
        }
        this.exitCode = exitCode;
    }

    /** {@return the exit code the launcher ends with} */
    public int exitCode() {
        return exitCode;
    }
}
