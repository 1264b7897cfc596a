package io.github.jobruntime.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobOutcome;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.testkit.Requirement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the page shows of a real program's output: its log tail as a terminal shows it (tqdm, ffmpeg), both streams
 * in the order they came; and the environment that makes Python and gfortran print each line at once on a pipe
 * (Launcher_UnbufferedTest runs a real Python script without it).
 */
@Timeout(180)
class CommandJob_OutputTest {

    /** Generous, so that a loaded machine passes too. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Pattern LOG = Pattern.compile("<h2>Log</h2>\\s*<pre>(.*?)</pre>", Pattern.DOTALL);
    private static final Pattern BAR = Pattern.compile("\\d+%\\|");

    @TempDir
    Path temp;

    private Path service;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void createServiceFolder() throws IOException {
        service = Files.createDirectory(temp.resolve("service"));
    }

    // given

    private CommandJob.Builder command(String... argv) {
        return CommandJob.builder(List.of(argv)).workDir(temp).output(out, err);
    }

    private Path script(String name, String text) throws IOException {
        return Files.writeString(temp.resolve(name), text);
    }

    private static void assumeTqdm() throws IOException, InterruptedException {
        Process check = new ProcessBuilder(PYTHON.toString(), "-c", "import tqdm").redirectErrorStream(true).start();
        boolean ended = check.waitFor(60, TimeUnit.SECONDS);
        Requirement.assume("tqdm", ended && check.exitValue() == 0, PYTHON + " has no tqdm (Debian: python3-tqdm)");
    }

    private static void assumeOnPath(String program) {
        boolean found = Files.isExecutable(Path.of("/usr/bin", program));
        Requirement.assume(program, found, program + " is not installed (Debian: " + program + ")");
    }

    // when

    private CompletableFuture<JobOutcome> start(CommandJob.Builder builder) {
        CommandJob job = builder.build();
        JobRuntime.Builder runtime = JobRuntime.builder().title("command").serviceDir(service)
                .statusInterval(Duration.ofMillis(50)).notifyPollInterval(Duration.ofMillis(50));
        job.handlers().forEach(runtime::on);
        JobRuntime configured = runtime.build();
        return CompletableFuture.supplyAsync(() -> configured.run(job, job.processes()));
    }

    private JobOutcome run(CommandJob.Builder builder) {
        return start(builder).join();
    }

    /** Collects the log tail of every page written until {@code outcome} is done. */
    private List<List<String>> tailsUntilDone(CompletableFuture<JobOutcome> outcome) {
        List<List<String>> tails = new CopyOnWriteArrayList<>();
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            tails.add(logTail());
            return outcome.isDone();
        });
        return tails;
    }

    // then

    /** {@return the log tail the page shows now, its lines as a person reads them} */
    private List<String> logTail() {
        Matcher log = LOG.matcher(Platform.at(service).page().html());
        List<String> lines = new ArrayList<>();
        if (log.find()) {
            for (String line : log.group(1).lines().toList()) {
                if (!line.isBlank()) {
                    lines.add(line.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                            .replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&"));
                }
            }
        }
        return lines;
    }

    private static long bars(List<String> tail) {
        return tail.stream().filter(line -> BAR.matcher(line).find()).count();
    }

    @Test
    void nestedTqdmBarsShowOneLineEachAndTheLinesBeforeThemStay() throws Exception {
        assumeTqdm();
        Path training = script("train.py", """
                import time
                from tqdm import tqdm

                print("starting training", flush=True)
                for epoch in tqdm(range(3), desc="epochs"):
                    for batch in tqdm(range(40), desc="batch", leave=False):
                        time.sleep(0.02)
                print("training done", flush=True)
                """);

        CompletableFuture<JobOutcome> outcome = start(command(PYTHON.toString(), training.toString()));
        List<List<String>> tails = tailsUntilDone(outcome);

        assertEquals(JobState.SUCCEEDED, outcome.join().state());
        List<String> running = tails.stream().filter(tail -> tail.stream().anyMatch(line -> line.startsWith("batch:")))
                .findFirst().orElseThrow(() -> new AssertionError("no page showed the inner bar: " + tails));
        assertEquals("starting training", running.get(0), running.toString());
        assertTrue(tails.stream().allMatch(tail -> bars(tail) <= 2), "one line per bar on every page: " + tails);
        List<String> last = logTail();
        assertEquals(3, last.size(), last.toString());
        assertEquals("starting training", last.get(0));
        assertTrue(last.get(1).startsWith("epochs: 100%|") && last.get(1).contains("| 3/3 ["), last.get(1));
        assertEquals("training done", last.get(2));
        String passedThrough = err.toString(StandardCharsets.UTF_8);
        assertTrue(passedThrough.contains("\033[A") && passedThrough.indexOf("\rbatch:") != passedThrough
                .lastIndexOf("\rbatch:"), "the pass-through keeps every redraw and cursor move");
    }

    @Test
    void ffmpegStatsRedrawOneLineAndItsHeaderStays() {
        assumeOnPath("ffmpeg");

        CompletableFuture<JobOutcome> outcome = start(command("ffmpeg", "-hide_banner", "-nostdin", "-re", "-f",
                "lavfi", "-i", "testsrc=duration=3:size=160x120:rate=25", "-c:v", "mpeg4", "-stats_period", "0.1",
                "-y", "out.mp4"));
        List<List<String>> tails = tailsUntilDone(outcome);

        assertEquals(JobState.SUCCEEDED, outcome.join().state());
        assertTrue(tails.stream().allMatch(tail -> tail.stream().filter(line -> line.startsWith("frame=")).count() <= 1),
                "one frame= line on every page: " + tails);
        List<String> last = logTail();
        assertTrue(last.contains("Stream mapping:"), "the lines before the stats stay: " + last);
        assertEquals(1, last.stream().filter(line -> line.startsWith("frame=")).count(), last.toString());
        assertTrue(err.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\r').count() > 5,
                "the pass-through keeps every redraw");
    }

    @Test
    void linesOfBothStreamsShowInTheOrderTheyCame() {
        // 10 ms apart keeps the order on an idle machine; at a load of 14 on 2 cores a reader thread that waits that
        // long for a CPU swaps two lines (no pipe says when its bytes came), so this test leaves 100 ms between them.
        JobOutcome outcome = run(command("bash", "-c", "for i in $(seq -w 1 16); do if ((10#$i % 2)); then "
                + "echo \"$i out\"; else echo \"$i err\" >&2; fi; sleep 0.1; done"));

        assertEquals(JobState.SUCCEEDED, outcome.state());
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            expected.add(String.format("%02d %s", i, i % 2 == 1 ? "out" : "err"));
        }
        assertEquals(expected, logTail());
    }

    @Test
    void theUnbufferingVariablesAreSetByDefaultAndLeftAloneWhenAskedTo() {
        String print = "echo \"[$PYTHONUNBUFFERED] [$GFORTRAN_UNBUFFERED_PRECONNECTED]\"";

        run(command("bash", "-c", print));
        run(command("bash", "-c", print).unbuffered(false));

        // This JVM's own settings, if any, are the user's: they win.
        Map<String, String> own = System.getenv();
        assertEquals("[" + own.getOrDefault("PYTHONUNBUFFERED", "1") + "] ["
                + own.getOrDefault("GFORTRAN_UNBUFFERED_PRECONNECTED", "y") + "]\n"
                + "[" + own.getOrDefault("PYTHONUNBUFFERED", "") + "] ["
                + own.getOrDefault("GFORTRAN_UNBUFFERED_PRECONNECTED", "") + "]\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aVariableTheUserSetIsKept() {
        Map<String, String> environment = new HashMap<>(Map.of("PYTHONUNBUFFERED", "", "PATH", "/usr/bin"));

        CommandJob.unbuffer(environment);

        assertEquals(Map.of("PYTHONUNBUFFERED", "", "GFORTRAN_UNBUFFERED_PRECONNECTED", "y", "PATH", "/usr/bin"),
                environment);
    }
}
