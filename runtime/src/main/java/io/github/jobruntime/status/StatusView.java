package io.github.jobruntime.status;

import io.github.jobruntime.Control;
import io.github.jobruntime.StatusPageView;
import java.util.List;

/**
 * Everything the status template prints, already formatted: the template only lays it out (and escapes it).
 * An application's template sees it through {@link StatusPageView}; the parts see all of it.
 *
 * @param percentRaw   the percentage done for scripts, unrounded, e.g. {@code 37.5}; empty when unknown
 * @param progressMeta machine-readable progress for scripts that read the page: {@code done/total}
 */
record StatusView(String title, String state, String stateLabel, boolean terminal, boolean determinate,
        String percent, String percentRaw, String progressMeta, String doneText, String rate, String eta, String message,
        String startedAt, String elapsed, String updatedAt, String note, String noteDetail, String result, List<String> logTail,
        List<Control> controls, List<ReceivedLine> received, List<Chart> charts, List<PageImage> images,
        List<Fact> facts, List<PageSection> sections, ResourceCard resources, String host, String runtimeVersion)
        implements StatusPageView {

    /**
     * The resources card: the figures, and the warnings that turn it into a warning card.
     *
     * @param cssClass {@code resources}, or {@code resources warning}
     */
    record ResourceCard(String cssClass, List<Figure> figures, List<String> warnings) {

        ResourceCard {
            figures = List.copyOf(figures);
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * A figure for people and for scripts: {@code <span data-jr="NAME" data-value="RAW">TEXT</span>}.
     *
     * @param raw    the number in base units (cores, bytes, seconds), without separators or exponent
     * @param detail what the figure is set against, e.g. {@code of 2 cores (CPU affinity)}, or empty
     */
    record Figure(String label, String name, String raw, String text, String detail) {
    }

    /**
     * A received message with its time formatted.
     *
     * @param repeats e.g. {@code ×1,000,000} for as many identical messages in a row, empty for one
     */
    record ReceivedLine(String time, String message, String repeats, String outcome, String detail) {
    }

    /**
     * A metric series as an SVG line chart, every coordinate in those of its {@code viewBox}.
     *
     * @param points  the {@code <polyline>} points, {@code x,y x,y …}
     * @param latestX where the marker of the latest value goes
     * @param grid    the {@code <path>} of the horizontal grid lines
     * @param labels  the values at the grid lines
     */
    record Chart(String name, String latest, String latestAt, String min, String max, String count, boolean logScale,
            String viewBox, String points, String latestX, String latestY, String grid, List<Label> labels) {

        Chart {
            labels = List.copyOf(labels);
        }
    }

    /** A text in a chart, right-aligned at {@code x}, centred on {@code y}. */
    record Label(String x, String y, String text) {
    }

    StatusView {
        logTail = List.copyOf(logTail);
        controls = List.copyOf(controls);
        received = List.copyOf(received);
        charts = List.copyOf(charts);
        images = List.copyOf(images);
        facts = List.copyOf(facts);
        sections = List.copyOf(sections);
    }

    @Override
    public Parts parts() {
        return new PageParts(this);
    }
}
