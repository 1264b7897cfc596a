package io.github.jobruntime;

/**
 * Where a job is in its life: {@code STARTING → RUNNING → SUCCEEDED | FAILED | ABORTED | CANCELLED}.
 */
public enum JobState {
    /** The runtime is preparing the service folder; the job has not been called yet. */
    STARTING,
    /** The job is running. */
    RUNNING,
    /** The job returned normally; its return value is the result. */
    SUCCEEDED,
    /** The job threw an exception. */
    FAILED,
    /** A control message (e.g. {@code ABORT} from the status page) asked the job to stop. */
    ABORTED,
    /** The process received SIGTERM or SIGINT: scancel, a wall-time limit or Ctrl-C. */
    CANCELLED;

    /** {@return whether the job has ended in this state} */
    public boolean isTerminal() {
        return switch (this) {
            case STARTING, RUNNING -> false;
            case SUCCEEDED, FAILED, ABORTED, CANCELLED -> true;
        };
    }
}
