package io.github.jobruntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform's side of a service folder: what the HPC workflow service does with the folder it bind-mounts at
 * {@code /service} while a job runs. It appends the messages of the page's buttons to {@value #NOTIFICATIONS_FILE},
 * reads {@value #STATUS_FILE} to show it, and reads {@value #RESULT_FILE} once the job has ended. This type does the
 * same, for a test, a benchmark, a script or a local emulator, so that every one of them speaks to a job exactly as
 * the platform does:
 *
 * <pre>{@code
 * Platform platform = Platform.at(Path.of("/tmp/run/service"));
 * platform.send("ABORT");
 * Platform.Page page = platform.page();
 * page.state();                              // Optional[ABORTED], once the job has ended
 * page.done();                               // OptionalDouble[0.25], decimal for progress such as simulated time
 * page.figure(Platform.Figure.RSS_BYTES);    // OptionalDouble[1.2E8]
 * platform.result();                         // Optional[ABORTED: requested by user]
 * }</pre>
 *
 * The page's machine-readable parts are the contract this type reads, documented here once: the meta tags
 * {@value #META_STATE} and {@value #META_PROGRESS} in the page's {@code <head>}, and the figures
 * {@code <span data-jr="NAME" data-value="RAW">} (see {@link Figure}). A page a job wrote with its own template
 * keeps them: the template places the runtime's parts. Instances are immutable and thread-safe; every call reads
 * the folder afresh.
 */
public final class Platform {

    /** The job's live page, replaced by a rename at any time, read by the platform every few seconds. */
    public static final String STATUS_FILE = "status.html";

    /** The job's single output, read by the platform once, when the job has ended. */
    public static final String RESULT_FILE = "result.txt";

    /** Where the platform appends control messages, one per line; absent until the first one. */
    public static final String NOTIFICATIONS_FILE = "notifications.txt";

    /**
     * What {@value #RESULT_FILE} says from the job's start until its end: the runtime writes it first, so that a job
     * killed by SIGKILL leaves a result that says so.
     */
    public static final String RESULT_UNSET = "UNSET";

    /**
     * The name of the meta tag that holds the page's state, the lower-case name of a {@link JobState}:
     * {@code <meta name="job-state" content="running">}.
     */
    public static final String META_STATE = "job-state";

    /**
     * The name of the meta tag that holds the page's progress, {@code DONE/TOTAL} as plain decimals, a total of 0 or
     * less when it is unknown: {@code <meta name="job-progress" content="0.25/0.5">}.
     */
    public static final String META_PROGRESS = "job-progress";

    private final Path serviceDir;

    private Platform(Path serviceDir) {
        this.serviceDir = serviceDir;
    }

    /**
     * {@return the platform's side of {@code serviceDir}, the folder the job sees as {@code /service}} Nothing is
     * read or checked yet: the folder may appear later, as it does when a test starts a job.
     */
    public static Platform at(Path serviceDir) {
        return new Platform(Objects.requireNonNull(serviceDir, "serviceDir"));
    }

    /** {@return the service folder} */
    public Path serviceDir() {
        return serviceDir;
    }

    /** {@return the path of {@value #NOTIFICATIONS_FILE} in the service folder} */
    public Path notificationsFile() {
        return serviceDir.resolve(NOTIFICATIONS_FILE);
    }

    /**
     * Appends {@code message} and a newline to {@value #NOTIFICATIONS_FILE}, exactly as the platform does when a
     * button on the page calls {@code notify_running_job(message)}: the file is created when it is absent (the job
     * may delete or rename it at any time), opened in append mode, written with one {@code write}, and closed.
     * <ul>
     * <li>One {@code write} of the whole line on a file opened with {@code O_APPEND}: senders on one host, in this
     * process or another, never interleave within a line. Writing through a stream would split a message longer
     * than its buffer (8 KiB) into several writes. NFS promises no atomic append across clients; there the
     * platform is the one writer.</li>
     * <li>No repair of a partial last line someone else left: the platform appends blindly, so the job's reader
     * must cope with that, and so must a test of it.</li>
     * <li>No fsync, as the platform does none: closing the file is what makes the line visible to a job on another
     * NFS client (close-to-open consistency); an fsync would only add a disk flush per message.</li>
     * </ul>
     * A message may itself contain newlines, as the platform's may.
     *
     * @throws UncheckedIOException naming the file when it cannot be written
     */
    public void send(String message) {
        Objects.requireNonNull(message, "message");
        Path file = notificationsFile();
        ByteBuffer line = ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            // One write takes it all on a local or network file system; the loop only guards a short write.
            while (line.hasRemaining()) {
                channel.write(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + e, e);
        }
    }

    /**
     * {@return the job's result as the platform takes it once the job has ended: the text of
     * {@value #RESULT_FILE}, empty while the job runs (no such file yet, or still {@value #RESULT_UNSET})} A job
     * killed by SIGKILL leaves {@value #RESULT_UNSET}, so an empty result after the end means exactly that.
     *
     * @throws UncheckedIOException naming the file when it exists but cannot be read
     */
    public Optional<String> result() {
        return read(serviceDir.resolve(RESULT_FILE)).filter(text -> !text.equals(RESULT_UNSET));
    }

    /**
     * {@return the job's page as it is now; a page that {@linkplain Page#exists() does not exist} while the job has
     * written none}
     *
     * @throws UncheckedIOException naming the file when it exists but cannot be read
     */
    public Page page() {
        return Page.parse(read(serviceDir.resolve(STATUS_FILE)).orElse(""));
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "Platform at " + serviceDir;
    }

    /**
     * The machine-readable figures of a page, each a {@code <span data-jr="NAME" data-value="RAW">} around the text
     * a person reads, RAW in base units without separators or exponent. A figure is on the page only while it is
     * known; the resources card shows the ones the host lets the runtime measure.
     */
    public enum Figure {
        /** Percent of the total done, unrounded, e.g. {@code 37.5}; while the total is known. */
        PROGRESS_PERCENT("progress-percent"),
        /**
         * The recent rate of progress, in the job's units per second (percent per second for progress in percent),
         * measured from the first value the job reported; while it is known and the job runs.
         */
        RATE("rate"),
        /**
         * Seconds left at the recent rate, in whole seconds, counting down between two reports; while the total
         * and the rate are known and the job runs.
         */
        ETA_SECONDS("eta-seconds"),
        /** CPU cores the job uses now, to the hundredth; while it runs. */
        CPU_CORES("cpu-cores"),
        /** CPU cores the job used on average since its start. */
        CPU_MEAN_CORES("cpu-mean-cores"),
        /** CPU cores the job may use (cgroup quota, affinity, Slurm); when limited. */
        CPU_LIMIT_CORES("cpu-limit-cores"),
        /** Resident memory of the job's processes now, in bytes; while it runs. */
        RSS_BYTES("rss-bytes"),
        /** Peak resident memory, summed over the job's processes, in bytes. */
        RSS_PEAK_BYTES("rss-peak-bytes"),
        /** Memory the job may use (cgroup, Slurm), in bytes; when limited. */
        MEMORY_LIMIT_BYTES("memory-limit-bytes"),
        /** Bytes the job's processes read from storage; where the kernel tells. */
        READ_BYTES("read-bytes"),
        /** Bytes the job's processes wrote to storage; where the kernel tells. */
        WRITE_BYTES("write-bytes"),
        /** Seconds left until the wall-time limit (Slurm, or {@code --walltime}); while it runs. */
        WALLTIME_LEFT_S("walltime-left-s"),
        /** Free bytes on the file system of the job's scratch folder; where the folder is there. */
        SCRATCH_FREE_BYTES("scratch-free-bytes"),
        /** Free bytes on the file system of the job's home folder; where the folder is there. */
        HOME_FREE_BYTES("home-free-bytes");

        private final String key;

        Figure(String key) {
            this.key = key;
        }

        /** {@return the figure's name in the page, the value of its {@code data-jr} attribute} */
        public String key() {
            return key;
        }
    }

    /**
     * One reading of {@value #STATUS_FILE}, parsed once: its state, progress and figures as the page's
     * machine-readable parts give them. Immutable; equal when the pages are.
     */
    public static final class Page {

        /** A number as the page writes it: plain decimal, no exponent, no separators. */
        private static final String NUMBER = "-?\\d+(?:\\.\\d+)?";
        private static final Pattern STATE =
                Pattern.compile("<meta name=\"" + META_STATE + "\" content=\"([a-z]+)\">");
        private static final Pattern PROGRESS =
                Pattern.compile("<meta name=\"" + META_PROGRESS + "\" content=\"(" + NUMBER + ")/(" + NUMBER + ")\">");
        // An empty value is a figure not known yet: it does not match, and the page reads as not showing it.
        private static final Pattern FIGURE = Pattern.compile("data-jr=\"([a-z-]+)\" data-value=\"(" + NUMBER + ")\"");

        private final String html;
        private final Optional<JobState> state;
        private final OptionalDouble done;
        private final OptionalDouble total;
        private final Map<String, Double> figures;

        private Page(String html) {
            this.html = html;
            Matcher m = STATE.matcher(html);
            this.state = m.find() ? stateNamed(m.group(1)) : Optional.empty();
            Matcher progress = PROGRESS.matcher(html);
            boolean shown = progress.find();
            this.done = shown ? OptionalDouble.of(Double.parseDouble(progress.group(1))) : OptionalDouble.empty();
            this.total = shown ? OptionalDouble.of(Double.parseDouble(progress.group(2))) : OptionalDouble.empty();
            Map<String, Double> found = new LinkedHashMap<>();
            Matcher figure = FIGURE.matcher(html);
            while (figure.find()) {
                // The first of a name wins: the page lists each once.
                found.putIfAbsent(figure.group(1), Double.parseDouble(figure.group(2)));
            }
            this.figures = Collections.unmodifiableMap(found);
        }

        /**
         * {@return the reading of {@code html}, a page as the platform fetched it; {@code ""} for no page yet} Any
         * HTML is accepted: a page without the runtime's parts reads as no state, no progress and no figures.
         */
        public static Page parse(String html) {
            return new Page(Objects.requireNonNull(html, "html"));
        }

        private static Optional<JobState> stateNamed(String name) {
            for (JobState candidate : JobState.values()) {
                if (candidate.name().toLowerCase(Locale.ROOT).equals(name)) {
                    return Optional.of(candidate);
                }
            }
            return Optional.empty();
        }

        /** {@return the page as written, {@code ""} while there is none} */
        public String html() {
            return html;
        }

        /** {@return whether the job has written a page yet} */
        public boolean exists() {
            return !html.isEmpty();
        }

        /** {@return the state the page shows ({@value Platform#META_STATE}), empty when it shows none} */
        public Optional<JobState> state() {
            return state;
        }

        /**
         * {@return the work done the page shows ({@value Platform#META_PROGRESS}), empty when it shows none} Whole
         * for a job that counts units, decimal for progress such as simulated time.
         */
        public OptionalDouble done() {
            return done;
        }

        /**
         * {@return the total work the page shows ({@value Platform#META_PROGRESS}), 0 or less when unknown, empty
         * when the page shows no progress}
         */
        public OptionalDouble total() {
            return total;
        }

        /** {@return the figure's raw value in base units, empty when the page does not show it} */
        public OptionalDouble figure(Figure figure) {
            Double value = figures.get(figure.key());
            return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
        }

        /**
         * {@return every figure the page shows, its {@code data-jr} name to its raw value, in the page's order} It
         * holds the {@link Figure}s and any a newer runtime adds.
         */
        public Map<String, Double> figures() {
            return figures;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Page page && page.html.equals(html);
        }

        @Override
        public int hashCode() {
            return html.hashCode();
        }

        /** {@return the state and progress, for failure messages} */
        @Override
        public String toString() {
            if (!exists()) {
                return "(no " + STATUS_FILE + " yet)";
            }
            return "page: state " + state.map(s -> s.name().toLowerCase(Locale.ROOT)).orElse("?") + ", progress "
                    + (done.isPresent() ? plain(done.getAsDouble()) + "/" + plain(total.getAsDouble()) : "none");
        }

        private static String plain(double value) {
            return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        }
    }
}
