package io.github.jobruntime.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.jobruntime.JobOutcome;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Rules that read a file a real shell script writes, creates late, rotates away, and truncates and refills. */
@Timeout(120)
class CommandJob_FileRulesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(45);
    private static final Pattern CHART = Pattern.compile("<figcaption><strong>([^<]+)</strong> <span class=\"latest\">"
            + "([^<]+)</span>.*?<div class=\"meta\">min [^ ]+ · max [^ ]+ · ([\\d,]+) values?", Pattern.DOTALL);
    /** Writes loss.txt after it started; then, on go1, rotates it away; then, on go2, truncates and refills it. */
    private static final String SCRIPT = """
            printf 'step loss\\n1 0.5\\n' > loss.txt
            while [ ! -e go1 ]; do sleep 0.01; done
            mv loss.txt loss.txt.1; printf 'step loss\\n1 0.25\\n' > loss.txt
            while [ ! -e go2 ]; do sleep 0.01; done
            : > loss.txt; printf 'step loss\\n1 0.125\\n2 0.0625\\n' >> loss.txt
            echo done
            """;

    @TempDir
    Path temp;

    /** {@return the latest value and count of the chart {@code name} on the page, e.g. {@code 0.5 x1}} */
    private String chart(Path service, String name) {
        Matcher matcher = CHART.matcher(Platform.at(service).page().html());
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                return matcher.group(2) + " x" + matcher.group(3);
            }
        }
        return "none";
    }

    @Test
    void aFileCreatedLateRotatedAndTruncatedIsFollowedWithoutItsLinesInTheLogTail() throws IOException {
        Path service = Files.createDirectories(temp.resolve("service"));
        CommandJob job = CommandJob.builder(List.of("bash", "-c", SCRIPT)).workDir(temp)
                .output(new ByteArrayOutputStream(), new ByteArrayOutputStream())
                .fileRules(Path.of("loss.txt"), List.of(OutputRule.Metric.parse("first=^1 (?<value>\\S+)")),
                        List.of(TableRule.parse("loss")))
                .build();
        JobRuntime runtime = JobRuntime.builder().title("files").serviceDir(service)
                .statusInterval(Duration.ofMillis(50)).build();
        CompletableFuture<JobOutcome> outcome = CompletableFuture.supplyAsync(() -> runtime.run(job, job.processes()));

        await().atMost(PATIENCE).until(() -> chart(service, "loss").equals("0.5 x1"));
        Files.createFile(temp.resolve("go1"));
        await().atMost(PATIENCE).until(() -> chart(service, "loss").equals("0.25 x2"));
        Files.createFile(temp.resolve("go2"));

        assertEquals(JobState.SUCCEEDED, outcome.join().state());
        assertEquals("0.0625 x4", chart(service, "loss"));
        assertEquals("0.125 x3", chart(service, "first"));
        String page = Platform.at(service).page().html();
        assertFalse(page.contains("step loss"), "the file's lines are not in the log tail: " + page);
    }
}
