package io.github.jobruntime.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.Statistics;

/** Runs {@link ProgressBenchmark} and {@link StatusWriteBenchmark} with JMH (forked JVMs); its log goes to jmh.log. */
final class MicroBenchmarks implements Section {

    private static final Pattern POLYLINE = Pattern.compile("<polyline points=\"([^\"]*)\"");

    private final Plan plan;
    private final Workspace workspace;

    MicroBenchmarks(Plan plan, Workspace workspace) {
        this.plan = plan;
        this.workspace = workspace;
    }

    @Override
    public String name() {
        return "micro";
    }

    @Override
    public String title() {
        return "JMH: ctx.progress(), status render + atomic write";
    }

    @Override
    public void measure(Report report) throws Exception {
        TimeValue iteration = TimeValue.milliseconds(plan.jmhTime().toMillis());
        Options options = new OptionsBuilder()
                .include(Pattern.quote(ProgressBenchmark.class.getName()) + "\\.")
                .include(Pattern.quote(StatusWriteBenchmark.class.getName()) + "\\.")
                .forks(plan.jmhForks())
                .warmupIterations(plan.jmhWarmups())
                .warmupTime(iteration)
                .measurementIterations(plan.jmhIterations())
                .measurementTime(iteration)
                .jvmArgsAppend("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")
                .output(workspace.root().resolve("jmh.log").toString())
                .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Result<?>> byMethod = results.stream().collect(Collectors.toMap(
                result -> method(result.getParams().getBenchmark()), RunResult::getPrimaryResult));

        Result<?> context = find(byMethod, "contextProgress");
        Result<?> model = find(byMethod, "modelProgress");
        report.add(Row.of("`ctx.progress()` on the worker of a running job (JMH avgt)", context.getScore(),
                Fmt.num(context.getScore()) + " ns/op +- " + Fmt.num(context.getScoreError()) + "; StatusModel.progress "
                        + Fmt.num(model.getScore()) + " ns/op", Budget.atMost(20, "ns/op")));

        Statistics write = find(byMethod, "renderAndWrite").getStatistics();
        Statistics bare = find(byMethod, "writeOnly").getStatistics();
        double median = write.getPercentile(50) / 1_000;
        Page page = page();
        report.add(Row.of("status render + atomic write, default page with " + StatusPageFixture.LOG_LINES
                + " log lines and a " + page.chartPoints() + "-point metric chart, StatusReporter.writeNow() "
                + "(JMH sample, median)", median,
                Fmt.num(median) + " ms (p99 " + Fmt.num(write.getPercentile(99) / 1_000) + ", max "
                        + Fmt.num(write.getMax() / 1_000) + ", n " + write.getN() + ")",
                Budget.atMost(2, "ms")));
        report.note("status page: " + Fmt.num(page.bytes() / 1024.0) + " KiB, its chart of "
                + Fmt.num(StatusPageFixture.METRIC_VALUES) + " values plus one per write; the atomic write alone "
                + "(temp file + rename, no fsync) takes " + Fmt.num(bare.getPercentile(50) / 1_000) + " ms median, "
                + "so rendering is about " + Fmt.num((write.getPercentile(50) - bare.getPercentile(50)) / 1_000)
                + " ms; JMH: " + plan.jmhForks() + " fork(s) x " + plan.jmhIterations() + " x " + plan.jmhTime().toSeconds()
                + " s, log in " + workspace.root().resolve("jmh.log") + ".");
    }

    private static Result<?> find(Map<String, Result<?>> byMethod, String method) {
        Result<?> result = byMethod.get(method);
        if (result == null) {
            throw new HarnessException("JMH produced no result for " + method + " (got " + byMethod.keySet()
                    + ") - see jmh.log");
        }
        return result;
    }

    private static String method(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** The benchmarked page as rendered once here: its size, and the points its chart draws. */
    private record Page(long bytes, int chartPoints) {
    }

    private Page page() throws Exception {
        Path status = workspace.run("page").status();
        try (StatusPageFixture page = new StatusPageFixture(status)) {
            page.advanceAndWrite();
        }
        String html = Files.readString(status);
        Matcher polyline = POLYLINE.matcher(html);
        if (!polyline.find()) {
            throw new HarnessException("no metric chart (<polyline points=...>) in the benchmarked page " + status);
        }
        return new Page(Files.size(status), polyline.group(1).split(" ").length);
    }
}
