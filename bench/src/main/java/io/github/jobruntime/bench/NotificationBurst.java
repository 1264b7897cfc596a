package io.github.jobruntime.bench;

import io.github.jobruntime.notify.MessageDispatcher;
import io.github.jobruntime.notify.NotificationTailer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Throughput of the notification path for a burst of lines, checking that none is lost or reordered: the
 * tailer reading a file written beforehand (its own speed), the same through the dispatcher (which logs one
 * line per message), and the tailer following a separate writer process (bounded by that writer).
 */
final class NotificationBurst implements Section {

    private static final Budget THROUGHPUT = Budget.atLeast(200_000, "msg/s");
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    /** Where the lines of a burst written beforehand go. */
    private enum Sink {
        TAILER, DISPATCHER
    }

    /** One burst: lines per second to the last delivered line, and what went missing or out of order. */
    private record Burst(double perSecond, int lost, int outOfOrder) {
    }

    private record LiveBurst(Burst delivered, double writtenPerSecond) {
    }

    private final Plan plan;
    private final Workspace workspace;

    NotificationBurst(Plan plan, Workspace workspace) {
        this.plan = plan;
        this.workspace = workspace;
    }

    @Override
    public String name() {
        return "burst";
    }

    @Override
    public String title() {
        return Fmt.num(plan.burstLines()) + "-line notification bursts";
    }

    @Override
    public void measure(Report report) throws Exception {
        List<Burst> tailer = new ArrayList<>();
        List<Burst> dispatched = new ArrayList<>();
        List<LiveBurst> watched = new ArrayList<>();
        List<LiveBurst> polled = new ArrayList<>();
        for (int round = 0; round < plan.burstRounds(); round++) {
            tailer.add(prewritten(round, Sink.TAILER));
            dispatched.add(prewritten(round, Sink.DISPATCHER));
            watched.add(live(round, true));
            polled.add(live(round, false));
        }
        String lines = Fmt.num(plan.burstLines()) + " lines";
        addRate(report, lines + " already written, read by the tailer", tailer, "");
        addRate(report, lines + " already written, tailer -> dispatcher -> handler", dispatched, "");
        addLiveRate(report, lines + " appended live by a writer process, first append -> last delivered, watch",
                watched);
        addLiveRate(report, lines + " appended live by a writer process, first append -> last delivered, poll-only",
                polled);

        List<Burst> all = new ArrayList<>(tailer);
        all.addAll(dispatched);
        watched.forEach(live -> all.add(live.delivered()));
        polled.forEach(live -> all.add(live.delivered()));
        int lost = all.stream().mapToInt(Burst::lost).sum();
        int outOfOrder = all.stream().mapToInt(Burst::outOfOrder).sum();
        report.add(Row.of("burst lines lost / out of order (" + all.size() + " bursts of " + lines + ")",
                lost + outOfOrder, lost + " / " + outOfOrder, Budget.atMost(0, "lines")));
        report.note("bursts: lines `BURST i`; a rate is lines / (tailer start, or first append, -> last line at the "
                + "sink), median of " + plan.burstRounds() + " bursts; the live writer holds the file open and makes one "
                + "write per line; the dispatcher logs `notification #n: ...` at INFO per message (here to runtime.log, "
                + "in a job to stderr).");
    }

    private static void addRate(Report report, String metric, List<Burst> bursts, String extra) {
        Stats stats = Stats.of(bursts.stream().map(Burst::perSecond).toList());
        String measured = Fmt.rate(stats.median()) + " (min " + Fmt.num(stats.min()) + ", max "
                + Fmt.num(stats.max()) + ", n " + stats.count() + ")" + extra;
        report.add(Row.of(metric, stats.median(), measured, THROUGHPUT));
    }

    private static void addLiveRate(Report report, String metric, List<LiveBurst> bursts) {
        double written = Stats.of(bursts.stream().map(LiveBurst::writtenPerSecond).toList()).median();
        addRate(report, metric, bursts.stream().map(LiveBurst::delivered).toList(),
                "; the writer meanwhile " + Fmt.rate(written));
    }

    private Burst prewritten(int round, Sink sink) throws Exception {
        RunFolder run = workspace.run("burst-" + sink.name().toLowerCase(Locale.ROOT) + "-" + round);
        writeLines(run.notifications(), plan.burstLines());
        BurstCounter counter = new BurstCounter(plan.burstLines());
        long started;
        if (sink == Sink.TAILER) {
            try (NotificationTailer tailer = tailer(run, true, counter::recordLine)) {
                started = System.nanoTime();
                tailer.start();
                awaitAll(counter, run);
            }
        } else {
            MessageDispatcher dispatcher = new MessageDispatcher(Map.of(Appender.BURST, counter::record),
                    receipt -> { }, Clock.systemUTC());
            NotificationTailer tailer = tailer(run, true, dispatcher::submit);
            try (dispatcher; tailer) {
                dispatcher.start();
                started = System.nanoTime();
                tailer.start();
                awaitAll(counter, run);
            }
        }
        return burst(counter, started, run);
    }

    private LiveBurst live(int round, boolean watch) throws Exception {
        RunFolder run = workspace.run("burst-live-" + (watch ? "watch-" : "poll-") + round);
        BurstCounter counter = new BurstCounter(plan.burstLines());
        long first;
        long last;
        try (NotificationTailer tailer = tailer(run, watch, counter::recordLine)) {
            tailer.start();
            try (Child appender = Child.start(Jvm.main(Appender.class, List.of(), "burst", run.notifications(),
                    plan.burstLines()), run)) {
                appender.expectExit(0, DELIVERY_TIMEOUT);
                String[] times = appender.stdout().split("\\s+", -1);
                first = Long.parseLong(times[1]);
                last = Long.parseLong(times[3]);
            }
            awaitAll(counter, run);
        }
        return new LiveBurst(burst(counter, first, run), plan.burstLines() * 1e9 / (last - first));
    }

    private static NotificationTailer tailer(RunFolder run, boolean watch, Consumer<String> sink) {
        return new NotificationTailer(run.notifications(), NotificationLatency.POLL_INTERVAL, watch, sink);
    }

    private static void awaitAll(BurstCounter counter, RunFolder run) throws InterruptedException {
        if (!counter.await(DELIVERY_TIMEOUT)) {
            // Not a harness failure: missing lines are a finding, counted in the table.
            System.err.println("bench: burst in " + run.dir() + " incomplete after " + DELIVERY_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Read once the sink's thread is joined (the tailer or dispatcher closed). */
    private Burst burst(BurstCounter counter, long startNanos, RunFolder run) throws IOException {
        // 1.2 MB of BURST lines per burst tell nothing afterwards; the counts do.
        Files.deleteIfExists(run.notifications());
        BurstCounter.Outcome outcome = counter.outcome();
        double perSecond = (plan.burstLines() - outcome.lost()) * 1e9 / (outcome.lastNanos() - startNanos);
        return new Burst(perSecond, outcome.lost(), outcome.outOfOrder());
    }

    private static void writeLines(Path file, int count) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                out.write(Appender.BURST + " " + i + "\n");
            }
        }
    }
}
