package io.github.jobruntime.status;

import io.github.jobruntime.Control;
import io.github.jobruntime.JobState;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.card.PageText;
import io.github.jobruntime.status.controls.ControlsCard;
import io.github.jobruntime.status.facts.FactsCard;
import io.github.jobruntime.status.header.HeaderCard;
import io.github.jobruntime.status.images.ImagesCard;
import io.github.jobruntime.status.log.LogCard;
import io.github.jobruntime.status.messages.MessagesCard;
import io.github.jobruntime.status.metrics.MetricsCard;
import io.github.jobruntime.status.note.NoteCard;
import io.github.jobruntime.status.progress.ProgressCard;
import io.github.jobruntime.status.resources.Resources;
import io.github.jobruntime.status.resources.ResourcesCard;
import io.github.jobruntime.status.result.ResultCard;
import io.github.jobruntime.status.sections.SectionsCard;
import io.github.jobruntime.status.storage.StorageCard;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live state of a job as the status page shows it: the job's title, state, times and progress, and the
 * page's cards, each with its part of the model. Writers (the job, the runtime) change it from any thread; the
 * reporter takes {@link #snapshot() snapshots}. {@link #progress} is the hot path: two release-stores, no lock,
 * no allocation. Progress is kept as doubles (their bits in atomic longs): a solver counts simulated time,
 * {@code 0.005} of {@code 0.5}.
 */
public final class StatusModel {

    private final AtomicLong doneBits = new AtomicLong(Double.doubleToRawLongBits(0));
    private final AtomicLong totalBits = new AtomicLong(Double.doubleToRawLongBits(-1));
    /**
     * The total of progress given in percent: a NaN that {@link #progress(double, double)} never stores, as it takes
     * finite totals only, so that percent progress is the same two stores as any other.
     */
    private static final long PERCENT_TOTAL = 0x7ff8_0000_0000_2525L;
    /** Guards the job's state and times, and every card's part, so that a snapshot is one moment of the job. */
    private final PageLock lock = new PageLock();
    private final String title;
    private JobState state = JobState.STARTING;
    private Instant startedAt;
    private Instant endedAt;

    private final ProgressCard progress = new ProgressCard(lock);
    private final ResourcesCard resources = new ResourcesCard(lock);
    private final StorageCard storage = new StorageCard(lock);
    private final ControlsCard controls = new ControlsCard(lock);
    private final NoteCard note = new NoteCard(lock);
    private final ResultCard result = new ResultCard(lock);
    private final FactsCard facts = new FactsCard(lock);
    private final SectionsCard sections = new SectionsCard(lock);
    private final MetricsCard metrics = new MetricsCard(lock);
    private final ImagesCard images = new ImagesCard(lock);
    private final MessagesCard messages = new MessagesCard(lock);
    private final LogCard log;
    /** The cards in the order of the default page, one of each class: the page finds a card by its class. */
    private final List<Card> cards;

    /**
     * @param title    shown as the page heading
     * @param logLines how many log lines the page keeps, 0 for none
     */
    public StatusModel(String title, int logLines) {
        this.title = PageText.plain(Objects.requireNonNull(title, "title"), PageText.MAX_TEXT);
        this.log = new LogCard(lock, logLines);
        this.cards = List.of(new HeaderCard(), progress, resources, storage, controls, note, result, facts, sections,
                metrics, images, messages, log);
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

    /**
     * Records progress as a percentage of the whole, e.g. {@code 37.5}, for a job that knows no unit but the
     * percent: the page shows the percent, and the rate in percent per minute, with no counts. Cheap enough for a
     * tight loop.
     */
    public void progressPercent(double percent) {
        if (!(percent >= 0) || percent == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("progress percent must be a finite number, 0 or more, got " + percent);
        }
        totalBits.lazySet(PERCENT_TOTAL);
        doneBits.lazySet(Double.doubleToRawLongBits(percent));
    }

    /** Sets the job's current message, shown with the progress. */
    public void message(String text) {
        progress.message(text);
    }

    /** Adds a line to the page's log tail. */
    public void log(String line) {
        log.add(line);
    }

    /** Replaces the newest lines of the page's log tail: see {@link LogCard#replaceLast}. */
    public void redrawLog(int count, List<String> lines) {
        log.replaceLast(count, lines);
    }

    /** Adds a value to the named metric series: see {@link MetricsCard#add}. */
    public void metric(String name, double value, Instant at) {
        metrics.add(name, value, at);
    }

    /** Sets a key figure in the page's table of facts: see {@link FactsCard#put}. */
    public void fact(String name, String value) {
        facts.put(name, value);
    }

    /** Shows, replaces or removes a titled HTML fragment: see {@link SectionsCard#put}. */
    public void section(String title, String html) {
        sections.put(title, html);
    }

    /** Shows the picture on the page, replacing one of the same name: see {@link ImagesCard#put}. */
    public void image(String name, byte[] bytes, String mediaType) {
        images.put(name, bytes, mediaType);
    }

    /** Sets the buttons the page shows while the job runs. */
    public void controls(List<Control> buttons) {
        controls.set(buttons);
    }

    /** Lists a received control message and what became of it: see {@link MessagesCard#add}. */
    public void received(Instant at, String message, String outcome, String detail) {
        messages.add(at, message, outcome, detail);
    }

    /** Sets what the job's processes use and may use, as just sampled. */
    public void resources(Resources sample) {
        resources.set(sample);
    }

    /** Sets the time the job's wall-time limit ends it: see {@link ResourcesCard#wallTime}. */
    public void wallTime(Instant end, String source) {
        resources.wallTime(end, source);
    }

    /** Sets the folders whose free space the page shows: the job's scratch and home. */
    public void storage(Path scratch, Path home) {
        storage.folders(scratch, home);
    }

    /** {@return the last resource sample, or null before the first} */
    public Resources resources() {
        return resources.resources();
    }

    /** Shows a highlighted note with its time and a detail, e.g. that an abort was requested and why. */
    public void note(String text, String detail, Instant at) {
        note.set(text, detail, at);
    }

    /** Marks the job as running from {@code at}. */
    public void running(Instant at) {
        synchronized (lock) {
            state = JobState.RUNNING;
            startedAt = at;
            lock.changed();
        }
    }

    /** Records the terminal state and the result text shown on the final page. */
    public void finish(JobState terminal, String resultText, Instant at) {
        if (!terminal.isTerminal()) {
            throw new IllegalArgumentException("finish needs a terminal state, not " + terminal);
        }
        synchronized (lock) {
            state = terminal;
            result.set(resultText);
            endedAt = at;
            lock.changed();
        }
    }

    public JobState state() {
        synchronized (lock) {
            return state;
        }
    }

    /**
     * {@return for a job that succeeded short of its total, where it ended, e.g. {@code at 60 % of the total
     * (600 of 1,000)}, as the final page says it; empty for any other job}
     */
    public String shortOfTotal() {
        StatusSnapshot s = snapshot();
        return new Frame(s.title(), s.state(), s.startedAt(), s.endedAt(), s.done(), s.total(), s.percent(),
                Instant.EPOCH, Double.NaN, Double.NaN, "", "").shortOfTotal();
    }

    /** {@return a consistent copy of everything the page shows} */
    StatusSnapshot snapshot() {
        long totalRaw = totalBits.get();
        boolean percent = totalRaw == PERCENT_TOTAL;
        double totalNow = percent ? 100 : Double.longBitsToDouble(totalRaw);
        double doneNow = Double.longBitsToDouble(doneBits.get());
        synchronized (lock) {
            Map<Class<? extends Card>, Card.Snapshot> shots = new LinkedHashMap<>();
            for (Card card : cards) {
                shots.put(card.getClass(), card.snapshot());
            }
            return new StatusSnapshot(title, state, startedAt, endedAt, doneNow, totalNow, percent, shots,
                    lock.changes());
        }
    }
}
