package io.github.jobruntime.bench;

import io.github.jobruntime.notify.MessageDispatcher;
import io.github.jobruntime.notify.NotificationTailer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Append to handler start: a writer process appends {@code PING} messages with random gaps, the tailer and
 * dispatcher of this process run the handler, which compares the time with the one written in the message.
 * Once with the folder watched (a local disk), once polling only (a network file system).
 */
final class NotificationLatency implements Section {

    static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final double POLL_BUDGET_MS = POLL_INTERVAL.toMillis() + 20;

    private record Mode(String label, boolean watch, int samples, int minGapMicros, int maxGapMicros,
            Budget median, Budget p99) {
    }

    @SuppressWarnings("ArrayRecordComponent") // one round's samples, read once, never compared
    private record Round(double[] millis, double firstMillis, int missing) {
    }

    private final Plan plan;
    private final Workspace workspace;

    NotificationLatency(Plan plan, Workspace workspace) {
        this.plan = plan;
        this.workspace = workspace;
    }

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public String title() {
        return "notification append -> handler start, watch and poll-only";
    }

    @Override
    public void measure(Report report) throws Exception {
        List<Mode> modes = List.of(
                new Mode("watch", true, plan.watchSamples(), 2_000, 20_000,
                        Budget.atMost(5, "ms"), Budget.atMost(20, "ms")),
                // Gaps not a multiple of the interval, so messages land at every phase of the poll cycle.
                new Mode("poll-only " + POLL_INTERVAL.toMillis() + " ms", false, plan.pollSamples(), 5_000, 60_000,
                        Budget.atMost(POLL_BUDGET_MS, "ms"), Budget.atMost(POLL_BUDGET_MS, "ms")));
        List<String> firsts = new ArrayList<>();
        for (Mode mode : modes) {
            List<Double> millis = new ArrayList<>();
            List<String> first = new ArrayList<>();
            int missing = 0;
            for (int round = 0; round < plan.latencyRounds(); round++) {
                Round measured = round(mode, round);
                for (double sample : measured.millis()) {
                    millis.add(sample);
                }
                first.add(Fmt.num(measured.firstMillis()));
                missing += measured.missing();
            }
            firsts.add(mode.label() + " " + String.join(", ", first) + " ms");
            Stats stats = Stats.of(millis);
            String lost = missing == 0 ? "" : ", " + missing + " LOST";
            String metric = "notification append -> handler start, " + mode.label();
            report.add(new Row(metric + ", median", stats.spread("ms") + lost, mode.median(),
                    missing == 0 && mode.median().allows(stats.median()), false));
            report.add(new Row(metric + ", p99", Fmt.num(stats.p99()) + " ms (max " + Fmt.num(stats.max()) + ")" + lost,
                    mode.p99(), missing == 0 && mode.p99().allows(stats.p99()), false));
        }
        report.note("notification latency: a separate writer process appends `PING seq nanoTime` (open, one write, "
                + "close, as the platform), random gaps; the in-process NotificationTailer (poll "
                + POLL_INTERVAL.toMillis() + " ms) and MessageDispatcher run the handler; " + plan.latencyRounds()
                + " round(s), each with a fresh tailer and writer, samples pooled; the first message of each round "
                + "(creates the file; the tailer's and dispatcher's code still cold): " + String.join("; ", firsts) + ".");
    }

    private Round round(Mode mode, int round) throws Exception {
        RunFolder run = workspace.run("latency-" + (mode.watch() ? "watch" : "poll") + "-" + round);
        LatencyRecorder recorder = new LatencyRecorder(mode.samples());
        MessageDispatcher dispatcher = new MessageDispatcher(Map.of(Appender.PING, recorder::record),
                receipt -> { }, Clock.systemUTC());
        NotificationTailer tailer = new NotificationTailer(run.notifications(), POLL_INTERVAL, mode.watch(),
                dispatcher::submit);
        // Closing the tailer, then the dispatcher, delivers what is in flight and joins their threads.
        try (dispatcher; tailer) {
            dispatcher.start();
            tailer.start();
            try (Child writer = Child.start(Jvm.main(Appender.class, List.of(), "latency", run.service(),
                    mode.samples(), mode.minGapMicros(), mode.maxGapMicros()), run)) {
                writer.expectExit(0, Duration.ofMillis(30_000 + (long) mode.samples() * mode.maxGapMicros() / 1_000));
            }
            recorder.await(POLL_INTERVAL.multipliedBy(5));
        }
        return new Round(recorder.millis(), recorder.firstMillis(), recorder.missing());
    }
}
