package io.github.jobruntime.status;

import io.github.jobruntime.Control;
import io.github.jobruntime.JobState;
import io.github.jobruntime.io.PlainText;
import io.github.jobruntime.StatusPageView.Fact;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live state of a job as the status page shows it. Writers (the job, the runtime) change it from any
 * thread; the reporter takes {@link #snapshot() snapshots}. {@link #progress} is the hot path: two
 * release-stores, no lock, no allocation. Progress is kept as doubles (their bits in atomic longs): a solver
 * counts simulated time, {@code 0.005} of {@code 0.5}.
 */
public final class StatusModel {

    /** Longest message, title or log line kept, in characters: the page size stays bounded. */
    static final int MAX_TEXT = 2_000;
    /**
     * Most bytes the log tail takes on the page once HTML-escaped: 1000 lines of {@code <} would otherwise make
     * an 8 MB page for the platform to fetch every few seconds. Older lines leave first.
     */
    static final int MAX_LOG_TAIL_BYTES = 1024 * 1024;
    /** What ends a text cut at its longest. */
    private static final String CUT_MARK = " …";
    /** Longest result text shown on the final page; result.txt itself gets all of it. */
    static final int MAX_RESULT_SHOWN = 8_000;
    /** How many received messages the page lists. */
    static final int MAX_RECEIVED = 10;
    /** How many metric series the page shows. */
    static final int MAX_SERIES = 16;
    /** Longest name of a metric, an image, a fact or a section, in characters. */
    static final int MAX_NAME = 200;
    /** How many facts the page shows. */
    static final int MAX_FACTS = 32;
    /** Longest value of a fact, in characters. */
    static final int MAX_FACT_VALUE = 500;
    /** How many sections the page shows. */
    static final int MAX_SECTIONS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(StatusModel.class);

    private final AtomicLong doneBits = new AtomicLong(Double.doubleToRawLongBits(0));
    private final AtomicLong totalBits = new AtomicLong(Double.doubleToRawLongBits(-1));
    private final int logLines;
    /**
     * Whether {@link #MAX_LOG_TAIL_BYTES} can be reached at all: 104 lines of {@link #MAX_TEXT} characters, at
     * most 5 bytes each once escaped, cannot. Below that, the hot path of a command printing a million lines
     * neither cleans nor measures a line: the page cleans the few it shows when it is rendered.
     */
    private final boolean byteCapped;
    private final ArrayDeque<LoggedLine> logTail;
    private long logTailBytes;
    private final ArrayDeque<Received> received = new ArrayDeque<>(MAX_RECEIVED);
    private List<Control> controls = List.of();
    /** Keyed by the name as the job passes it, so the hot path never cuts or copies a string. */
    private final Map<String, MetricSeries> metrics = new LinkedHashMap<>();
    /** The kinds (metric, fact, section) whose limit has been reported: each is warned about once. */
    private final Set<String> limitsWarned = new HashSet<>();
    private final PageImages images = new PageImages();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final Map<String, PageSection> sections = new LinkedHashMap<>();

    private String title;
    private JobState state = JobState.STARTING;
    private String message = "";
    private Instant startedAt;
    private Instant endedAt;
    private String note = "";
    private String noteDetail = "";
    private Instant noteAt;
    private String result = "";
    private Resources resources;
    private Instant wallTimeEnd;
    private String wallTimeSource = "";
    private long version;

    /**
     * @param title    shown as the page heading
     * @param logLines how many log lines the page keeps, 0 for none
     */
    public StatusModel(String title, int logLines) {
        if (logLines < 0) {
            throw new IllegalArgumentException("log lines must be 0 or more, got " + logLines);
        }
        this.title = plain(Objects.requireNonNull(title, "title"), MAX_TEXT);
        this.logLines = logLines;
        this.byteCapped = (long) logLines * (MAX_TEXT * 5L + CUT_MARK.length() * 5L) > MAX_LOG_TAIL_BYTES;
        this.logTail = new ArrayDeque<>(Math.min(logLines, 1024));
    }

    /** Records progress; cheap enough for a tight loop. */
    public void progress(long done, long total) {
        progress((double) done, (double) total);
    }

    /**
     * Records progress in any unit, e.g. simulated seconds; cheap enough for a tight loop.
     *
     * @param total 0 or less when unknown
     */
    public void progress(double done, double total) {
        if (!(done >= 0) || done == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("progress done must be a finite number, 0 or more, got " + done);
        }
        if (!Double.isFinite(total)) {
            throw new IllegalArgumentException("progress total must be a finite number, got " + total);
        }
        // Release stores: the reporter may see a new total with an old done for one tick, never garbage.
        totalBits.lazySet(Double.doubleToRawLongBits(total));
        doneBits.lazySet(Double.doubleToRawLongBits(done));
    }

    public synchronized void message(String text) {
        message = plain(String.valueOf(text), MAX_TEXT);
        version++;
    }

    public synchronized void log(String line) {
        if (logLines == 0) {
            return;
        }
        String text = String.valueOf(line);
        // Cleaning never makes a line longer, so one kept as it came is cleaned and left uncut by the snapshot.
        LoggedLine kept = byteCapped ? LoggedLine.of(plain(text, MAX_TEXT))
                : new LoggedLine(text.length() > MAX_TEXT ? plain(text, MAX_TEXT) : text, 0);
        while (!logTail.isEmpty()
                && (logTail.size() == logLines || logTailBytes + kept.escapedBytes() > MAX_LOG_TAIL_BYTES)) {
            logTailBytes -= logTail.removeFirst().escapedBytes();
        }
        logTail.addLast(kept);
        logTailBytes += kept.escapedBytes();
        version++;
    }

    /**
     * Adds a value to the named series, created on first use; cheap enough for every iteration of a solver.
     * NaN and infinities are ignored; so are new names once {@link #MAX_SERIES} series exist, with one warning.
     */
    public void metric(String name, double value, Instant at) {
        Objects.requireNonNull(name, "metric name");
        Objects.requireNonNull(at, "at");
        if (!Double.isFinite(value)) {
            return;
        }
        synchronized (this) {
            MetricSeries series = metrics.get(name);
            if (series == null) {
                series = newSeries(name);
                if (series == null) {
                    return;
                }
            }
            series.add(value, at);
            version++;
        }
    }

    private MetricSeries newSeries(String name) {
        if (!hasRoom(metrics, MAX_SERIES, "metric", notBlank(name, "metric name"),
                metrics.values().stream().map(MetricSeries::name).toList())) {
            return null;
        }
        MetricSeries series = new MetricSeries(cut(name, MAX_NAME));
        metrics.put(name, series);
        return series;
    }

    /**
     * Sets a key figure shown in the page's table of facts: a new name goes last, a known one keeps its place and
     * gets the new value. New names beyond {@link #MAX_FACTS} are ignored, with one warning.
     */
    public synchronized void fact(String name, String value) {
        String key = cut(notBlank(name, "fact name").strip(), MAX_NAME);
        Objects.requireNonNull(value, "fact value");
        if (facts.containsKey(key) || hasRoom(facts, MAX_FACTS, "fact", key, facts.keySet())) {
            facts.put(key, cut(value, MAX_FACT_VALUE));
            version++;
        }
    }

    /**
     * Shows a titled HTML fragment, sanitized (see {@link PageSection}), replacing the section of the same title
     * in its place; empty {@code html} removes the section. New titles beyond {@link #MAX_SECTIONS} are ignored,
     * with one warning.
     */
    public void section(String title, String html) {
        String key = cut(notBlank(title, "section title").strip(), MAX_NAME);
        Objects.requireNonNull(html, "section html");
        // Sanitized outside the lock: parsing a large fragment must not hold up the job's other threads.
        PageSection section = html.isBlank() ? null : PageSection.of(key, html);
        synchronized (this) {
            if (section == null) {
                if (sections.remove(key) != null) {
                    version++;
                }
            } else if (sections.containsKey(key)
                    || hasRoom(sections, MAX_SECTIONS, "section", key, sections.keySet())) {
                sections.put(key, section);
                version++;
            }
        }
    }

    private boolean hasRoom(Map<String, ?> shown, int max, String kind, String name, Object names) {
        if (shown.size() < max) {
            return true;
        }
        if (limitsWarned.add(kind)) {
            LOG.warn("{} '{}' is not shown: the status page shows at most {} of them, {} - report fewer; further "
                    + "names are ignored without a warning", kind, cut(name, MAX_NAME), max, names);
        }
        return false;
    }

    private static String notBlank(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got '" + name + "'");
        }
        return name;
    }

    /**
     * Shows the picture on the page, replacing one of the same name; see {@link PageImages} for which stay.
     *
     * @throws IllegalArgumentException when the media type is not one of {@link ImageType}
     */
    public void image(String name, byte[] bytes, String mediaType) {
        Objects.requireNonNull(name, "image name");
        Objects.requireNonNull(bytes, "image bytes");
        Objects.requireNonNull(mediaType, "image media type");
        // Encoded outside the lock: a megabyte of base64 must not hold up the job's other threads.
        PageImage image = PageImage.of(cut(name, MAX_NAME), bytes, mediaType);
        synchronized (this) {
            images.put(image);
            version++;
        }
    }

    /** Sets the buttons the page shows while the job runs. */
    public synchronized void controls(List<Control> buttons) {
        controls = List.copyOf(buttons);
        version++;
    }

    /**
     * Lists a received control message and what became of it; one that repeats the last listed, with the same
     * outcome, adds to that entry's count instead.
     *
     * @param outcome e.g. {@code acknowledged}, {@code ignored}, {@code failed}
     * @param detail  why, or empty
     */
    public synchronized void received(Instant at, String message, String outcome, String detail) {
        String shown = plain(message, 200);
        String why = plain(detail, 200);
        Received last = received.peekLast();
        if (last != null && last.repeatedBy(shown, outcome, why)) {
            // A flood of one message takes one line with a count, so the list still shows what came around it.
            received.removeLast();
            received.addLast(last.again(at));
        } else {
            if (received.size() == MAX_RECEIVED) {
                received.removeFirst();
            }
            received.addLast(new Received(at, shown, outcome, why, 1));
        }
        version++;
    }

    /** Sets what the job's processes use and may use, as just sampled. */
    public synchronized void resources(Resources sample) {
        resources = Objects.requireNonNull(sample, "resources");
        version++;
    }

    /**
     * Sets the time the job's wall-time limit ends it.
     *
     * @param source where the limit comes from, e.g. {@code --walltime} or {@code Slurm}
     */
    public synchronized void wallTime(Instant end, String source) {
        wallTimeEnd = Objects.requireNonNull(end, "end");
        wallTimeSource = Objects.requireNonNull(source, "source");
        version++;
    }

    /** {@return the last resource sample, or null before the first} */
    public synchronized Resources resources() {
        return resources;
    }

    /** Marks the job as running from {@code at}. */
    public synchronized void running(Instant at) {
        state = JobState.RUNNING;
        startedAt = at;
        version++;
    }

    /** Shows a highlighted note with its time and a detail, e.g. that an abort was requested and why. */
    public synchronized void note(String text, String detail, Instant at) {
        note = plain(String.valueOf(text), MAX_TEXT);
        noteDetail = plain(String.valueOf(detail), MAX_TEXT);
        noteAt = at;
        version++;
    }

    /** Records the terminal state and the result text shown on the final page. */
    public synchronized void finish(JobState terminal, String resultText, Instant at) {
        if (!terminal.isTerminal()) {
            throw new IllegalArgumentException("finish needs a terminal state, not " + terminal);
        }
        state = terminal;
        result = cut(resultText, MAX_RESULT_SHOWN);
        endedAt = at;
        version++;
    }

    public synchronized JobState state() {
        return state;
    }

    /** {@return a consistent copy of everything the page shows} */
    StatusSnapshot snapshot() {
        double totalNow = Double.longBitsToDouble(totalBits.get());
        double doneNow = Double.longBitsToDouble(doneBits.get());
        synchronized (this) {
            return new StatusSnapshot(title, state, doneNow, totalNow, message,
                    // A capped tail was cleaned as it was logged; an uncapped one is cleaned here, few lines.
                    logTail.stream().map(kept -> byteCapped ? kept.text() : PlainText.clean(kept.text())).toList(),
                    startedAt, endedAt, note, noteDetail, noteAt, result, controls, List.copyOf(received),
                    metrics.values().stream().map(MetricSeries::snapshot).toList(), images.list(),
                    facts.entrySet().stream().map(fact -> new Fact(fact.getKey(), fact.getValue())).toList(),
                    List.copyOf(sections.values()), resources, wallTimeEnd, wallTimeSource, version);
        }
    }

    /** Text for the page: without terminal escapes and control characters ({@link PlainText}), then cut. */
    private static String plain(String text, int max) {
        return cut(PlainText.clean(text), max);
    }

    /** A line of the log tail with its size on the page once escaped; the size is counted only when capped. */
    private record LoggedLine(String text, int escapedBytes) {

        /** Counts how many UTF-8 bytes the text takes once HTML-escaped, quotes counted as escaped too. */
        static LoggedLine of(String text) {
            int bytes = text.length();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
                } else if (c == '<' || c == '>') {
                    bytes += 3;
                } else if (c == '&' || c == '"' || c == '\'') {
                    bytes += 4;
                }
            }
            return new LoggedLine(text, bytes);
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + CUT_MARK;
    }
}
