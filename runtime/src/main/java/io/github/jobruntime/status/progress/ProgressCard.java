package io.github.jobruntime.status.progress;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.io.Durations;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Formats;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.card.PageText;
import java.time.Duration;
import java.time.Instant;

/**
 * The progress bar with percent and done/total, the job's current message, elapsed time, rate, time left and last
 * update. Done and total are the page's {@link Frame}, as the {@code job-progress} meta tag and the time left
 * on the resources card read them too; this card keeps the message.
 */
public final class ProgressCard implements Card {

    private final PageLock lock;
    private String message = "";

    public ProgressCard(PageLock lock) {
        this.lock = lock;
    }

    /** Sets the job's current message, cleaned and cut at {@link PageText#MAX_TEXT}. */
    public void message(String text) {
        String shown = PageText.plain(String.valueOf(text), PageText.MAX_TEXT);
        synchronized (lock) {
            message = shown;
            lock.changed();
        }
    }

    @Override
    public Snapshot snapshot() {
        return new ProgressSnapshot(message);
    }

    /** The message as it was when the page's snapshot was taken. */
    record ProgressSnapshot(String message) implements Snapshot {

        @Override
        public ProgressView view(Frame f) {
            boolean determinate = f.determinate();
            boolean whole = Formats.whole(f.done()) && Formats.whole(f.total());
            String doneText = f.percent() ? ""
                    : determinate ? Formats.amount(f.done()) + " / " + Formats.amount(f.total())
                    : f.done() > 0 ? Formats.amount(f.done()) + " done" : "";
            double etaSeconds = f.etaSeconds();
            long etaWhole = Double.isNaN(etaSeconds) ? -1 : (long) Math.ceil(etaSeconds);
            String eta = etaWhole < 0 ? "–" : Durations.page(Duration.ofSeconds(etaWhole));
            Instant end = f.endedAt() != null ? f.endedAt() : f.now();
            String elapsed = f.startedAt() == null ? "–" : Durations.page(Duration.between(f.startedAt(), end));
            double perSecond = f.terminal() ? Double.NaN : f.ratePerSecond();
            String rate = f.percent() ? Formats.percentRate(perSecond)
                    : whole ? Formats.rate(perSecond) : Formats.ratePerSecond(perSecond);
            String shortOfTotal = f.shortOfTotal();
            return new ProgressView(f.stateName(), f.stateLabel(), determinate,
                    determinate ? Formats.percent(f.done() / f.total()) : "0",
                    determinate ? Formats.plain(f.percentDone()) : "", doneText, rate,
                    perSecond > 0 ? Formats.plain(perSecond) : "", eta, etaWhole < 0 ? "" : Long.toString(etaWhole),
                    shortOfTotal.isEmpty() ? "" : "Ended " + shortOfTotal + ".",
                    message, elapsed, f.updatedAt());
        }
    }

    /**
     * The card as the page shows it; also what an application's template reads of the progress.
     *
     * @param state      the state in lower case, the card's CSS class
     * @param percent    the percentage done, e.g. {@code 37.5}; {@code 0} when unknown
     * @param percentRaw the percentage done for scripts, unrounded, e.g. {@code 37.5}; empty when unknown
     * @param doneText   done and total for people, e.g. {@code 42 / 100}; empty when nothing was reported, or
     *                   when progress is given in percent
     * @param rate       the rate for people, e.g. {@code 12.5/s}, {@code 0.0125/s} in a solver's unit, or
     *                   {@code 2.5 %/min}; {@code –} while unknown
     * @param rateRaw    the rate for scripts ({@code data-jr="rate"}), in units per second (percent per second for
     *                   progress in percent); empty while unknown
     * @param eta        the time left for people, e.g. {@code 12 min 5 s}; {@code –} while unknown
     * @param etaRaw     the time left for scripts ({@code data-jr="eta-seconds"}), in whole seconds; empty while
     *                   unknown
     * @param endedShort on the final page of a job that succeeded short of its total, e.g. {@code Ended at 60 % of
     *                   the total.}; empty otherwise
     */
    public record ProgressView(String state, String stateLabel, boolean determinate, String percent,
            String percentRaw, String doneText, String rate, String rateRaw, String eta, String etaRaw,
            String endedShort, String message, String elapsed, String updatedAt) implements CardView {

        @Override
        public void render(HtmlTemplateOutput output) {
            JteprogressGenerated.render(output, null, this);
        }
    }
}
