package io.github.jobruntime;

import java.nio.file.Path;
import java.time.Instant;
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
     * Reports progress in a unit of the job's own that need not be whole, e.g. simulated time: {@code 0.125} of
     * {@code 0.5} seconds. The page shows the same bar and percentage, and the rate in units per second.
     *
     * @param done  how far the job is, 0 or more, finite
     * @param total where it ends, finite; 0 or less when unknown
     * @throws IllegalArgumentException when {@code done} is negative or either is not finite
     */
    void progress(double done, double total);

    /**
     * Reports progress as a percentage of the whole, for work that is known only in percent (a download, a tool
     * that prints {@code 37%}). The page shows the percentage, the rate in percent per minute and the time left,
     * with no counts.
     *
     * @param percent how far the job is, from 0 to 100; more shows as 100
     * @throws IllegalArgumentException when {@code percent} is negative or not finite
     */
    default void progressPercent(double percent) {
        progress(percent, 100.0);
    }

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

    /**
     * Adds a line to the log tail on the page only, for output that already reaches the platform's log by
     * another path (e.g. a child process writing to the inherited standard output).
     *
     * @param line one line of text; shown escaped, long lines are cut
     */
    void tail(String line);

    /**
     * Adds a point to a numeric series shown on the page as a small chart, e.g. a residual per iteration.
     * Cheap (no I/O, a short lock): call it every iteration. However long the job runs, a chart draws at most
     * 500 points, thinned evenly, with the first and the latest value exact; the latest value, min, max and
     * count cover every value. A series whose values are all positive and span more than two decades gets a
     * log10 axis. The page shows up to 16 series; further names are ignored, with one warning in the log.
     *
     * @param name  the series, e.g. {@code residual}; created on first use; not blank
     * @param value the newest value; NaN and infinities are ignored
     * @throws IllegalArgumentException when a new name is blank
     */
    void metric(String name, double value);

    /**
     * Shows a picture on the page, replacing an earlier one of the same name. The platform shows only
     * embedded images, so the bytes go into the page as a data URI, encoded once here. An image over 1 MiB is
     * replaced by a note saying so. The page holds up to 8 images and 4 MiB of them: beyond that, the least
     * recently updated leave it, so a job that names each snapshot anew shows its newest ones.
     *
     * @param name      a short caption, e.g. {@code residuals.png}
     * @param bytes     the encoded image; read during the call only, so the array may be reused
     * @param mediaType {@code image/png}, {@code image/jpeg}, {@code image/svg+xml}, {@code image/gif} or
     *                  {@code image/webp}
     * @throws IllegalArgumentException for any other media type
     */
    void image(String name, byte[] bytes, String mediaType);

    /**
     * Sets a key figure shown in the page's table of facts, e.g. {@code fact("Mesh cells", "1,245,760")}. Facts
     * keep the order their names were first set in; setting a name again replaces its value in place. The page
     * shows up to 32 facts, names up to 200 and values up to 500 characters (longer ones are cut); further names
     * are ignored, with one warning in the log.
     *
     * @param name  the label, not blank; shown escaped
     * @param value the value as it should read, e.g. with its unit; shown escaped
     * @throws IllegalArgumentException when the name is blank
     */
    void fact(String name, String value);

    /**
     * Shows a titled piece of HTML of the job's own on the page, e.g. a table of results. The fragment is
     * sanitized here, once: tables, lists, text formatting, headings, links and embedded
     * ({@code data:image/…}) pictures stay; scripts, event handlers, {@code javascript:} links, styles that load
     * anything, frames, forms and external pictures are removed. A section of the same title is replaced in its
     * place; empty {@code html} removes it. A fragment over 256 KiB is shown as a note instead; the page shows up
     * to 16 sections, further titles are ignored with one warning in the log.
     *
     * @param title the section's heading, not blank; shown escaped
     * @param html  an HTML fragment (no {@code <html>} or {@code <body>} needed)
     * @throws IllegalArgumentException when the title is blank
     */
    void section(String title, String html);

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
     * {@return when the runtime writes the final result even if the job has not returned, by the wall clock;
     * empty while the job may go on} That is the stop request's time plus {@code --abort-grace} after a control
     * message, or plus {@code --cancel-grace} after a termination signal: the time a job has to save its state.
     */
    Optional<Instant> stopDeadline();

    /**
     * Returns if the job may go on, throws otherwise: a one-line check for loops.
     *
     * @throws JobAbortedException when the job has been asked to stop
     */
    void checkAbort();
}
