package io.github.jobruntime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a running {@link Job} sees of the runtime: where to report progress, which folders to use, and
 * whether it has been asked to stop. All reporting methods are cheap, never block on I/O and may be
 * called from any thread; the status page picks the changes up on its own schedule.
 */
public interface JobContext {

    /**
     * Reports progress; the page shows a bar, the percentage, the rate and an ETA.
     *
     * @param done  units of work done so far, 0 or more
     * @param total units of work in all, or a value below 1 when unknown
     */
    void progress(long done, long total);

    /**
     * Sets the current message, e.g. the phase the computation is in.
     *
     * @param text a short line of text; shown escaped, long text is cut
     */
    void message(String text);

    /**
     * Adds a line to the log tail on the page and writes it to standard output (the platform's log file).
     *
     * @param line one line of text; shown escaped, long lines are cut
     */
    void log(String line);

    /** {@return the user's home folder, {@code /home} inside the container} */
    Path homeDir();

    /** {@return the user's scratch folder, {@code /scratch} inside the container} */
    Path scratchDir();

    /** {@return the service folder the platform reads status and result from, {@code /service}} */
    Path serviceDir();

    /**
     * {@return whether the job has been asked to stop} True after an {@code ABORT} message or a
     * termination signal; a job should then return soon. The worker thread is interrupted as well.
     */
    boolean isAbortRequested();

    /**
     * {@return why the job was asked to stop: {@link JobState#ABORTED} after a control message such as
     * {@code ABORT}, {@link JobState#CANCELLED} after a termination signal; empty while it may go on}
     * A job that returns its own text after an abort can tell the two apart with this.
     */
    Optional<JobState> stopRequest();

    /**
     * Returns if the job may go on, throws otherwise: a one-line check for loops.
     *
     * @throws JobAbortedException when the job has been asked to stop
     */
    void checkAbort();
}
