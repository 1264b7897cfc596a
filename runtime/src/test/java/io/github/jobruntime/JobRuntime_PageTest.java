package io.github.jobruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's own page content end to end: facts, sections, the free space of its folders and an application
 * template, in a real job.
 */
@Timeout(60)
class JobRuntime_PageTest {

    @TempDir
    Path service;

    @TempDir
    Path logs;

    /** A job whose template throws on every page; run in a child JVM so that its log can be read. */
    public static final class ThrowingTemplate {

        public static void main(String[] args) {
            JobOutcome outcome = JobRuntime.builder().title("Own page").serviceDir(Path.of(args[0]))
                    .scratchDir(Path.of(args[0])).homeDir(Path.of(args[0], "no home"))
                    .statusInterval(Duration.ofMillis(20))
                    .template((output, interceptor, page) -> {
                        throw new IllegalStateException("the app's template is broken");
                    })
                    .build()
                    .run(ctx -> {
                        ctx.fact("Case", "cavity");
                        ctx.section("Summary", "<p>all <b>fine</b><script>alert(1)</script></p>");
                        for (int i = 1; i <= 20; i++) {
                            Thread.sleep(25);
                            ctx.progress(i, 20);
                        }
                        return "done";
                    });
            System.exit(outcome.exitCode());
        }
    }

    @Test
    void aTemplateThatThrowsShowsTheDefaultPageWithOneWarningAndTheJobSucceeds() {
        try (ChildJvm job = ChildJvm.start(logs, ThrowingTemplate.class, Map.of(), service.toString())) {
            assertEquals(0, job.exitCode(30), job.stderr());

            assertEquals("done", Platform.at(service).result().orElse(""));
            String page = Platform.at(service).page().html();
            assertTrue(page.contains("<tr><th scope=\"row\">Case</th><td>cavity</td></tr>"), page);
            assertTrue(page.contains("<h2>Summary</h2>\n<p>all <b>fine</b></p>"), page);
            assertTrue(page.contains("<pre class=\"result\">done</pre>"), page);
            assertTrue(page.contains("<span data-jr=\"scratch-free-bytes\""), "scratch's free space: " + page);
            assertFalse(page.contains("home-free-bytes"), "no figure for a home folder that is not there: " + page);
            String stderr = job.stderr();
            assertEquals(1, stderr.split("showing the default status page instead", -1).length - 1, stderr);
            assertTrue(stderr.contains("cannot render the application's status template: "
                    + "java.lang.IllegalStateException: the app's template is broken"), stderr);
        }
    }
}
