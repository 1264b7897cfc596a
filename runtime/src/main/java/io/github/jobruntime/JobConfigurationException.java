package io.github.jobruntime;

/**
 * The job cannot start as configured: a bad option value or an unusable folder. The message names the
 * thing, the value and the fix; launchers report it and exit with code 2 before the job runs.
 */
public class JobConfigurationException extends JobRuntimeException {

    public JobConfigurationException(String message) {
        super(message);
    }

    public JobConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
