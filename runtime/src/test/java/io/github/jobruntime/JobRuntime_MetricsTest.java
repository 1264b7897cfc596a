package io.github.jobruntime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ctx.metric} and {@code ctx.image} end to end: a real job, the reporter thread, status.html on disk. */
@Timeout(30)
class JobRuntime_MetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    private static final Pattern POLYLINE = Pattern.compile("<polyline points=\"([^\"]*)\"/>");

    @TempDir
    Path service;

    /** Lets the job end once the test has seen its running page; released after each test in any case. */
    private final CountDownLatch release = new CountDownLatch(1);
    private CompletableFuture<JobOutcome> outcome;

    /** No job may outlive its test: it would write into a folder being deleted. */
    @AfterEach
    void releaseJobAndWaitForItsEnd() throws Exception {
        release.countDown();
        outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    // given

    private JobRuntime runtime() {
        return JobRuntime.builder().title("Metrics test").serviceDir(service)
                .statusInterval(Duration.ofMillis(50)).build();
    }

    /** Runs the job on a thread of its own; it reports, then waits for {@link #release}. */
    private void start(Job reporting) {
        JobRuntime runtime = runtime();
        outcome = CompletableFuture.supplyAsync(() -> runtime.run(ctx -> {
            String text = reporting.run(ctx);
            if (!release.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the job");
            }
            return text;
        }), task -> {
            Thread launcher = new Thread(task, "test-launcher");
            launcher.setDaemon(true);
            launcher.start();
        });
    }

    // then

    private String awaitPageShowing(String... parts) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            String page = Platform.at(service).page().html();
            for (String part : parts) {
                assertTrue(page.contains(part), "no " + part + " in " + page);
            }
        });
        return Platform.at(service).page().html();
    }

    private static int pointsOf(String page) {
        Matcher m = POLYLINE.matcher(page);
        assertTrue(m.find(), page);
        return m.group(1).split(" ").length;
    }

    @Test
    void metricsAndImagesOfARunningJobAreOnThePageAndStayOnTheFinalPage() throws Exception {
        start(ctx -> {
            for (int i = 0; i <= 300; i++) {
                ctx.metric("residual", Math.pow(10, -i / 50.0));
                ctx.metric("drag <N>", 12.5 + i % 7);
            }
            ctx.image("residuals.png", PNG, "image/png");
            return "converged";
        });

        String dataUri = "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(PNG)
                + "\" alt=\"residuals.png\">";
        String running = awaitPageShowing("<strong>residual</strong> <span class=\"latest\">1e-6</span>",
                "min 1e-6 · max 1 · 301 values · log₁₀ scale", "<strong>drag &lt;N&gt;</strong>", dataUri);
        assertEquals(JobState.RUNNING, Platform.at(service).page().state().orElse(null));
        assertEquals(301, pointsOf(running), "so few values are all drawn");

        release.countDown();

        assertEquals(JobState.SUCCEEDED, outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).state());
        awaitPageShowing("<meta name=\"job-state\" content=\"succeeded\">", "301 values · log₁₀ scale", dataUri);
    }

    @Test
    void aSolverReportingEveryIterationKeepsTheChartAtMost500Points() throws Exception {
        start(ctx -> {
            for (int i = 1; i <= 2_000_000; i++) {
                ctx.metric("residual", 1.0 / i);
            }
            return "converged";
        });

        String page = awaitPageShowing("2,000,000 values", "<span class=\"latest\">5e-7</span>");

        int points = pointsOf(page);
        assertTrue(points <= 500, points + " points");
    }

    @Test
    void anImageOfAnotherMediaTypeThrowsInTheJobAndTheJobGoesOn() throws Exception {
        start(ctx -> {
            try {
                ctx.image("notes.html", "<p>hi</p>".getBytes(StandardCharsets.UTF_8), "text/html");
                return "accepted";
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        });
        release.countDown();

        assertEquals("image 'notes.html' has media type 'text/html', which the page cannot embed - use one of "
                + "image/png, image/jpeg, image/gif, image/webp, image/svg+xml",
                outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).result());
    }
}
