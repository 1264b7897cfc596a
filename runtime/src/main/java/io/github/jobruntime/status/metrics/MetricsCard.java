package io.github.jobruntime.status.metrics;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.NameLimit;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.card.PageText;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The job's numeric series, each a small line chart of its whole run. */
public final class MetricsCard implements Card {

    /** How many metric series the page shows. */
    public static final int MAX_SERIES = 16;

    private final PageLock lock;
    /** Keyed by the name as the job passes it, so the hot path never cuts or copies a string. */
    private final Map<String, MetricSeries> metrics = new LinkedHashMap<>();
    private final NameLimit limit = new NameLimit("metric", MAX_SERIES);

    public MetricsCard(PageLock lock) {
        this.lock = lock;
    }

    /**
     * Adds a value to the named series, created on first use; cheap enough for every iteration of a solver.
     * NaN and infinities are ignored; so are new names once {@link #MAX_SERIES} series exist, with one warning.
     */
    public void add(String name, double value, Instant at) {
        Objects.requireNonNull(name, "metric name");
        Objects.requireNonNull(at, "at");
        if (!Double.isFinite(value)) {
            return;
        }
        synchronized (lock) {
            MetricSeries series = metrics.get(name);
            if (series == null) {
                series = newSeries(name);
                if (series == null) {
                    return;
                }
            }
            series.add(value, at);
            lock.changed();
        }
    }

    private MetricSeries newSeries(String name) {
        if (!limit.hasRoom(metrics.values().stream().map(MetricSeries::name).toList(),
                PageText.notBlank(name, "metric name"))) {
            return null;
        }
        MetricSeries series = new MetricSeries(PageText.cut(name, PageText.MAX_NAME));
        metrics.put(name, series);
        return series;
    }

    @Override
    public Snapshot snapshot() {
        return new MetricsSnapshot(metrics.values().stream().map(MetricSeries::snapshot).toList());
    }

    record MetricsSnapshot(List<SeriesSnapshot> series) implements Snapshot {

        @Override
        public CardView view(Frame frame) {
            return new MetricsView(series.stream().map(Charts::chart).toList());
        }
    }

    record MetricsView(List<Charts.Chart> charts) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JtemetricsGenerated.render(output, null, this);
        }
    }
}
