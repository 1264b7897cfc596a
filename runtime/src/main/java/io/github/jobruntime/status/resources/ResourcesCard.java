package io.github.jobruntime.status.resources;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.io.Durations;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Figure;
import io.github.jobruntime.status.card.Formats;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the job's processes use and may use, and the time the job has left: a warning card when memory is near
 * its limit or the progress will not finish in the wall time; nothing before anything is known.
 */
public final class ResourcesCard implements Card {

    private final PageLock lock;
    private Resources resources;
    private Instant wallTimeEnd;
    private String wallTimeSource = "";

    public ResourcesCard(PageLock lock) {
        this.lock = lock;
    }

    /** Sets what the job's processes use and may use, as just sampled. */
    public void set(Resources sample) {
        Objects.requireNonNull(sample, "resources");
        synchronized (lock) {
            resources = sample;
            lock.changed();
        }
    }

    /** {@return the last resource sample, or null before the first} */
    public Resources resources() {
        synchronized (lock) {
            return resources;
        }
    }

    /**
     * Sets the time the job's wall-time limit ends it.
     *
     * @param source where the limit comes from, e.g. {@code --walltime} or {@code Slurm}
     */
    public void wallTime(Instant end, String source) {
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(source, "source");
        synchronized (lock) {
            wallTimeEnd = end;
            wallTimeSource = source;
            lock.changed();
        }
    }

    @Override
    public Snapshot snapshot() {
        return new ResourcesSnapshot(resources, wallTimeEnd, wallTimeSource);
    }

    /**
     * @param resources   the last sample, or null before the first
     * @param wallTimeEnd when the wall-time limit ends the job, or null when there is none known
     */
    record ResourcesSnapshot(Resources resources, Instant wallTimeEnd, String wallTimeSource) implements Snapshot {

        @Override
        public ResourcesView view(Frame frame) {
            return new ResourcesView(figures(frame));
        }

        /** {@return the figures and warnings, or null when nothing is known yet} */
        private Figures figures(Frame frame) {
            Instant now = frame.now();
            double etaSeconds = frame.etaSeconds();
            Resources r = resources;
            if (r == null && wallTimeEnd == null) {
                return null;
            }
            boolean running = !frame.terminal();
            List<Figure> figures = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            if (r != null) {
                String limit = r.cpuLimitCores() > 0
                        ? "of " + cores(r.cpuLimitCores()) + " (" + r.cpuLimitSource() + ")" : "";
                if (running) {
                    figures.add(new Figure("CPU", "cpu-cores", raw(r.cpuCores()), cores(r.cpuCores()), limit));
                }
                figures.add(new Figure("CPU mean", "cpu-mean-cores", raw(r.cpuMeanCores()), cores(r.cpuMeanCores()),
                        running ? "since the start" : "over the run"));
                if (r.cpuLimitCores() > 0) {
                    figures.add(new Figure("CPU limit", "cpu-limit-cores", raw(r.cpuLimitCores()),
                            cores(r.cpuLimitCores()), r.cpuLimitSource()));
                }
                if (running) {
                    figures.add(new Figure("Memory", "rss-bytes", Long.toString(r.rssBytes()),
                            Formats.size(r.rssBytes()), r.memoryLimitBytes() > 0
                                    ? percentOf(r.rssBytes(), r.memoryLimitBytes()) + " of the limit" : ""));
                }
                figures.add(new Figure("Peak memory", "rss-peak-bytes", Long.toString(r.rssPeakBytes()),
                        Formats.size(r.rssPeakBytes()), "resident, summed over " + processes(r.processes())));
                if (r.memoryLimitBytes() > 0) {
                    figures.add(new Figure("Memory limit", "memory-limit-bytes", Long.toString(r.memoryLimitBytes()),
                            Formats.size(r.memoryLimitBytes()), r.memoryLimitSource()));
                }
                if (r.readBytes() >= 0) {
                    figures.add(new Figure("Read", "read-bytes", Long.toString(r.readBytes()),
                            Formats.size(r.readBytes()), ""));
                    figures.add(new Figure("Written", "write-bytes", Long.toString(r.writeBytes()),
                            Formats.size(r.writeBytes()), ""));
                }
                if (running && r.memoryNearLimit()) {
                    warnings.add("Memory is at " + percentOf(r.rssBytes(), r.memoryLimitBytes()) + " of its limit ("
                            + Formats.size(r.memoryLimitBytes()) + ", " + r.memoryLimitSource()
                            + "): the job may be stopped for lack of memory.");
                }
            }
            if (wallTimeEnd != null && running) {
                long left = Math.max(0, Duration.between(now, wallTimeEnd).toSeconds());
                figures.add(new Figure("Wall time left", "walltime-left-s", Long.toString(left),
                        Durations.estimate(Duration.ofSeconds(left)), "ends " + Formats.time(wallTimeEnd) + " ("
                        + wallTimeSource + ")"));
                if (etaSeconds > left) {
                    Duration needed = Duration.ofSeconds((long) Math.ceil(etaSeconds));
                    warnings.add("At this rate the job needs about " + Durations.estimate(needed) + " more, "
                            + Durations.estimate(needed.minusSeconds(left)) + " past its wall-time limit.");
                }
            }
            return new Figures(warnings.isEmpty() ? "resources" : "resources warning", figures, warnings);
        }
    }

    /** @param resources the card's figures, or null when nothing is known yet: the page shows no card then */
    record ResourcesView(Figures resources) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JteresourcesGenerated.render(output, null, this);
        }
    }

    /**
     * The figures and the warnings that turn the card into a warning card.
     *
     * @param cssClass {@code resources}, or {@code resources warning}
     */
    record Figures(String cssClass, List<Figure> figures, List<String> warnings) {

        Figures {
            figures = List.copyOf(figures);
            warnings = List.copyOf(warnings);
        }
    }

    private static String cores(double cores) {
        return Double.isNaN(cores) ? "–"
                : String.format(Locale.ROOT, "%.2f %s", cores, cores == 1 ? "core" : "cores");
    }

    /** Cores for scripts, to the hundredth; empty while unknown. */
    private static String raw(double cores) {
        return Double.isNaN(cores) ? "" : BigDecimal.valueOf(cores).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String percentOf(long part, long whole) {
        return Math.round(100.0 * part / whole) + " %";
    }

    private static String processes(int count) {
        return count == 1 ? "1 process" : count + " processes";
    }
}
