package io.github.jobruntime;

/**
 * The root of every exception job-runtime throws on its own account.
 */
public class JobRuntimeException extends RuntimeException {

    public JobRuntimeException(String message) {
        super(message);
    }

    public JobRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
