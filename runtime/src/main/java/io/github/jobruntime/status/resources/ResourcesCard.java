package io.github.jobruntime.status;

import io.github.jobruntime.io.Durations;
import io.github.jobruntime.status.StatusView.Figure;
import io.github.jobruntime.status.StatusView.ResourceCard;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Makes the resources card from a snapshot: what the job uses, what it may use, and the time it has left. */
final class ResourceCards {

    private ResourceCards() {
    }

    /**
     * {@return the card, or null when nothing is known yet}
     *
     * @param etaSeconds the estimated time left by the progress rate, NaN when unknown
     */
    static ResourceCard of(StatusSnapshot s, Instant now, double etaSeconds) {
        Resources r = s.resources();
        if (r == null && s.wallTimeEnd() == null) {
            return null;
        }
        boolean running = !s.state().isTerminal();
        List<Figure> figures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (r != null) {
            String limit = r.cpuLimitCores() > 0 ? "of " + cores(r.cpuLimitCores()) + " (" + r.cpuLimitSource() + ")" : "";
            if (running) {
                figures.add(new Figure("CPU", "cpu-cores", raw(r.cpuCores()), cores(r.cpuCores()), limit));
            }
            figures.add(new Figure("CPU mean", "cpu-mean-cores", raw(r.cpuMeanCores()), cores(r.cpuMeanCores()),
                    running ? "since the start" : "over the run"));
            if (r.cpuLimitCores() > 0) {
                figures.add(new Figure("CPU limit", "cpu-limit-cores", raw(r.cpuLimitCores()), cores(r.cpuLimitCores()),
                        r.cpuLimitSource()));
            }
            if (running) {
                figures.add(new Figure("Memory", "rss-bytes", Long.toString(r.rssBytes()), Formats.size(r.rssBytes()),
                        r.memoryLimitBytes() > 0 ? percentOf(r.rssBytes(), r.memoryLimitBytes()) + " of the limit" : ""));
            }
            figures.add(new Figure("Peak memory", "rss-peak-bytes", Long.toString(r.rssPeakBytes()),
                    Formats.size(r.rssPeakBytes()), "resident, summed over " + processes(r.processes())));
            if (r.memoryLimitBytes() > 0) {
                figures.add(new Figure("Memory limit", "memory-limit-bytes", Long.toString(r.memoryLimitBytes()),
                        Formats.size(r.memoryLimitBytes()), r.memoryLimitSource()));
            }
            if (r.readBytes() >= 0) {
                figures.add(new Figure("Read", "read-bytes", Long.toString(r.readBytes()), Formats.size(r.readBytes()), ""));
                figures.add(new Figure("Written", "write-bytes", Long.toString(r.writeBytes()),
                        Formats.size(r.writeBytes()), ""));
            }
            if (running && r.memoryNearLimit()) {
                warnings.add("Memory is at " + percentOf(r.rssBytes(), r.memoryLimitBytes()) + " of its limit ("
                        + Formats.size(r.memoryLimitBytes()) + ", " + r.memoryLimitSource()
                        + "): the job may be stopped for lack of memory.");
            }
        }
        if (s.wallTimeEnd() != null && running) {
            long left = Math.max(0, Duration.between(now, s.wallTimeEnd()).toSeconds());
            figures.add(new Figure("Wall time left", "walltime-left-s", Long.toString(left),
                    Durations.estimate(Duration.ofSeconds(left)), "ends " + Formats.time(s.wallTimeEnd()) + " ("
                    + s.wallTimeSource() + ")"));
            if (etaSeconds > left) {
                Duration needed = Duration.ofSeconds((long) Math.ceil(etaSeconds));
                warnings.add("At this rate the job needs about " + Durations.estimate(needed) + " more, "
                        + Durations.estimate(needed.minusSeconds(left)) + " past its wall-time limit.");
            }
        }
        return new ResourceCard(warnings.isEmpty() ? "resources" : "resources warning", figures, warnings);
    }

    private static String cores(double cores) {
        return Double.isNaN(cores) ? "–" : String.format(Locale.ROOT, "%.2f %s", cores, cores == 1 ? "core" : "cores");
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
