package io.github.jobruntime.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobOutcome;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Progress, rate and time left of real commands in run mode: resumed runs, percent, a success short of its total. */
@Timeout(180)
class CommandJob_ProgressTest {

    /** For each step a test waits for: generous, so that a loaded machine passes too. */
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    @TempDir
    Path temp;

    private Path service;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createServiceFolder() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
    }

    private CompletableFuture<JobOutcome> start(String script, OutputRule... rules) {
        return start(CommandJob.builder(List.of("bash", "-c", script)).workDir(temp).output(out, err)
                .rules(List.of(rules)).build());
    }

    private CompletableFuture<JobOutcome> start(CommandJob job) {
        JobRuntime.Builder runtime = JobRuntime.builder().title("command").serviceDir(service)
                .statusInterval(Duration.ofMillis(50)).notifyPollInterval(Duration.ofMillis(50));
        job.handlers().forEach(runtime::on);
        JobRuntime configured = runtime.build();
        return CompletableFuture.supplyAsync(() -> configured.run(job, job.processes()));
    }

    private Platform.Page page() {
        return Platform.at(service).page();
    }

    private static OutputRule percentRule() {
        return OutputRule.Progress.parse("(?<percent>[\\d.]+)%");
    }

    @Test
    void aRunResumedAtHalfGivesTheTrueTimeLeftAfterThreeUpdates() {
        // Resumed at 50 %, then 5 % every 2 s: at 65 %, 35 % are left, 14 s. Counting the jump from 0 to 50 as
        // progress made since the start gave 3 s.
        CompletableFuture<JobOutcome> outcome = start(
                "for p in 50 55 60 65; do echo \"$p%\"; sleep 2; done; sleep 120", percentRule());

        Platform.Page at65 = await().atMost(PATIENCE).until(this::page, p -> p.done().orElse(0) == 65
                && p.figures().containsKey("eta-seconds"));
        double eta = at65.figures().get("eta-seconds");
        assertTrue(Math.abs(eta - 14) <= 14 * 0.25, "time left " + eta + " s, truth 14 s: " + at65.html());
        assertEquals(2.5, at65.figures().get("rate"), 2.5 * 0.25, "percent per second: " + at65.html());

        Platform.at(service).send("ABORT");
        assertEquals(JobState.ABORTED, outcome.join().state());
    }

    @Test
    void percentProgressShowsThePercentAndARatePerMinuteWithNoCounts() {
        CompletableFuture<JobOutcome> outcome = start(
                "for p in 6.2 6.4 6.6 6.8; do echo \"$p%\"; sleep 1; done; sleep 120", percentRule());

        Platform.Page page = await().atMost(PATIENCE).until(this::page, p -> p.done().orElse(0) == 6.8
                && p.figures().containsKey("rate"));
        String html = page.html();
        assertTrue(html.contains("data-jr=\"progress-percent\" data-value=\"6.8\">6.8%</span><span></span>"),
                "the percent as given, no noise, no counts: " + html);
        assertTrue(html.contains(" %/min</span>"), "percent per minute: " + html);
        assertFalse(html.contains("1,000") || html.contains("/ 100"), "no invented total: " + html);
        assertEquals(0.2, page.figures().get("rate"), 0.2 * 0.25, html);

        Platform.at(service).send("ABORT");
        assertEquals(JobState.ABORTED, outcome.join().state());
    }

    @Test
    void withNestedBarsTheFirstProgressRuleThatMatchedDrivesTheProgress() throws Exception {
        // Real tqdm output (epochs around batches, the inner bar redrawn with ESC[A), cut in the second epoch,
        // where the outer bar is at 33 % and the inner one at 50 %.
        Path cut = tqdmCutInTheSecondEpoch();

        JobOutcome outcome = start("cat '" + cut + "' >&2",
                OutputRule.Progress.parse("epochs:\\s+(?<percent>\\d+)%"),
                OutputRule.Progress.parse("batch:\\s+(?<percent>\\d+)%")).join();

        assertEquals(JobState.SUCCEEDED, outcome.state());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("batch:  50%"), "the cut: " + err);
        assertEquals(33, page().done().orElse(-1), page().html());
    }

    @Test
    void aRuleWithOnlyATotalGivesTheTotalOfTheRulesWithoutOneEachTimeItMatches() {
        // GROMACS's "N steps, T ps." before its step lines; a second run of 400 steps after the first.
        CompletableFuture<JobOutcome> outcome = start("echo '200 steps,    0.4 ps.'; echo 'step 50'; "
                + "while [ ! -e go ]; do sleep 0.01; done; echo '400 steps,    0.8 ps.'; echo 'step 100'; sleep 120",
                OutputRule.Progress.parse("step (?<done>\\d+)"), OutputRule.Progress.parse("^(?<total>\\d+) steps,"));

        await().atMost(PATIENCE).until(this::page, p -> p.done().orElse(0) == 50 && p.total().orElse(0) == 200);
        touch("go");
        await().atMost(PATIENCE).until(this::page, p -> p.done().orElse(0) == 100 && p.total().orElse(0) == 400);

        Platform.at(service).send("ABORT");
        assertEquals(JobState.ABORTED, outcome.join().state());
    }

    @Test
    void aTotalFromAFileTheCommandWritesCountsForTheOutputsProgress() {
        // LAMMPS echoes "run 300" into log.lammps and prints its steps as table rows on stdout.
        CommandJob job = CommandJob.builder(List.of("bash", "-c", "echo 'run   300' > log.txt; "
                + "for s in 0 30 60; do echo \"  $s  1.44  -6.77\"; sleep 0.2; done; sleep 120"))
                .workDir(temp).output(out, err)
                .rules(List.of(OutputRule.Progress.parse("^\\s*(?<done>\\d+)\\s+[-\\d.]+\\s+[-\\d.]+\\s*$")))
                .fileRules(Path.of("log.txt"), List.of(OutputRule.Progress.parse("^run\\s+(?<total>\\d+)")), List.of())
                .build();
        CompletableFuture<JobOutcome> outcome = start(job);

        await().atMost(PATIENCE).until(this::page, p -> p.done().orElse(0) == 60 && p.total().orElse(0) == 300);

        Platform.at(service).send("ABORT");
        assertEquals(JobState.ABORTED, outcome.join().state());
    }

    @Test
    void clockTimesAreReadInSeconds() {
        // ffmpeg: the input's duration, then the time encoded so far.
        CompletableFuture<JobOutcome> outcome = start("echo '  Duration: 00:01:20.00, start: 0.000000'; "
                + "printf 'frame=  125 fps=25 time=00:00:20.00 speed=1x\\r'; sleep 120",
                OutputRule.Progress.parse("time=(?<done>[\\d:.]+)"),
                OutputRule.Progress.parse("Duration: (?<total>[\\d:.]+),"));

        await().atMost(PATIENCE).until(this::page, p -> p.done().orElse(0) == 20 && p.total().orElse(0) == 80);

        Platform.at(service).send("ABORT");
        assertEquals(JobState.ABORTED, outcome.join().state());
    }

    @Test
    void withABarGroupTheFirstBarSeenDrivesTheProgressThoughOneRuleMatchesThemAll() throws Exception {
        // The same real tqdm output as above, cut where the outer bar is at 1/3 and the inner one at 10/20; one
        // rule for every tqdm bar, as a preset has, telling them apart by their description and total.
        Path cut = tqdmCutInTheSecondEpoch();

        JobOutcome outcome = start("cat '" + cut + "' >&2",
                OutputRule.Progress.parse("(?<bar>\\w*):?\\s+\\d+%\\|[^|]*\\|\\s*(?<done>\\d+)/(?<total>\\d+)"))
                .join();

        assertEquals(JobState.SUCCEEDED, outcome.state());
        assertEquals(1, page().done().orElse(-1), page().html());
        assertEquals(3, page().total().orElse(-1), page().html());
    }

    /**
     * {@return real tqdm output (epochs around batches, the inner bar redrawn with ESC[A), cut in the second epoch,
     * where the outer bar is at 1/3 (33 %) and the inner one at 10/20 (50 %), as a file for the command to print}
     */
    private Path tqdmCutInTheSecondEpoch() throws Exception {
        Path recorded = Path.of(getClass().getResource("/command/tqdm-nested.err").toURI());
        String[] lines = Files.readString(recorded, StandardCharsets.UTF_8).split("\n");
        String firstSeven = String.join("\n", Arrays.asList(lines).subList(0, 7)) + "\n";
        return Files.writeString(temp.resolve("cut.err"), firstSeven);
    }

    private void touch(String name) {
        try {
            Files.createFile(temp.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aSuccessShortOfItsTotalSaysSoOnThePage() {
        JobOutcome outcome = start("echo 'Step 600 of 1000'; echo 'Step 1000 of 200000'",
                OutputRule.Progress.parse("Step (?<done>\\d+) of (?<total>\\d+)")).join();

        assertEquals(JobState.SUCCEEDED, outcome.state());
        String html = page().html();
        assertTrue(html.contains("Ended at 0.5 % of the total (1,000 of 200,000)."), html);
    }

    @Test
    void aSuccessWithinAPercentOfItsTotalSaysNothingMore() {
        // ffmpeg's last time= is its last frame's start: 19.96 of a 20 s input.
        start("echo 'time=19.96 of 20'", OutputRule.Progress.parse("time=(?<done>\\S+) of (?<total>\\S+)")).join();

        assertFalse(page().html().contains("of the total"), page().html());
    }

    @Test
    void aSuccessAtItsTotalSaysNothingMore() {
        start("echo '100%'", percentRule()).join();

        assertFalse(page().html().contains("of the total"), page().html());
    }
}
