package io.github.jobruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.testkit.ReadOnlyFolder;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRuntimeTest {

    @TempDir
    Path service;

    private JobRuntime runtime() {
        return JobRuntime.builder().title("Test job").serviceDir(service).homeDir(service.resolve("home"))
                .scratchDir(service.resolve("scratch")).statusInterval(Duration.ofMillis(50)).build();
    }

    @Test
    void successWritesTheReturnValueAndExitsZero() {
        JobOutcome outcome = runtime().run(ctx -> {
            ctx.progress(1, 1);
            return "Done. I have waited 0 seconds.";
        });

        assertEquals(new JobOutcome(JobState.SUCCEEDED, "Done. I have waited 0 seconds.", 0), outcome);
        assertEquals("Done. I have waited 0 seconds.", Platform.at(service).result().orElse(""));
        assertEquals(JobState.SUCCEEDED, Platform.at(service).page().state().orElse(null));
    }

    @Test
    void logAndMessageReachThePageWithoutTerminalEscapes() {
        runtime().run(ctx -> {
            ctx.log("\u001B[33mWARNING\u001B[0m coarse mesh");
            ctx.message("\u001B[1mPhase:\u001B[0m meshing\u0007");
            return "done";
        });

        String page = Platform.at(service).page().html();
        assertTrue(page.contains("WARNING coarse mesh") && page.contains("Phase: meshing"), page);
        assertFalse(page.contains("\u001B") || page.contains("\u0007"), page);
    }

    @Test
    void exceptionWritesFailedWithTheReasonAndExitsOne() {
        JobOutcome outcome = runtime().run(ctx -> {
            throw new IllegalStateException("mesh file /scratch/in.msh not found");
        });

        assertEquals(JobState.FAILED, outcome.state());
        assertEquals(1, outcome.exitCode());
        assertEquals("FAILED: mesh file /scratch/in.msh not found", Platform.at(service).result().orElse(""));
        assertEquals(JobState.FAILED, Platform.at(service).page().state().orElse(null));
    }

    @Test
    void whileTheJobRunsResultIsUnset() {
        List<String> seen = new CopyOnWriteArrayList<>();
        runtime().run(ctx -> {
            seen.add(Texts.readOrEmpty(service.resolve(Platform.RESULT_FILE)));
            seen.add(Platform.at(service).result().orElse("(no result)"));
            return "ok";
        });
        assertEquals(List.of(Platform.RESULT_UNSET, "(no result)"), seen);
    }

    @Test
    void firstPageIsWrittenBeforeTheJobStarts() {
        List<String> seen = new CopyOnWriteArrayList<>();
        runtime().run(ctx -> {
            seen.add(Platform.at(service).page().html());
            return "ok";
        });
        assertTrue(seen.get(0).contains("<head>"), seen.get(0));
    }

    @Test
    void staleTempFilesOfAKilledRunAreRemovedAtStart() throws IOException {
        Path stale = Files.writeString(service.resolve(".status.html.99-1.job-runtime.tmp"), "<html");
        runtime().run(ctx -> "ok");
        assertFalse(Files.exists(stale));
    }

    @Test
    void contextGivesTheConfiguredFolders() {
        List<Path> seen = new CopyOnWriteArrayList<>();
        runtime().run(ctx -> {
            seen.addAll(List.of(ctx.serviceDir(), ctx.homeDir(), ctx.scratchDir()));
            return "";
        });
        assertEquals(List.of(service, service.resolve("home"), service.resolve("scratch")), seen);
    }

    @Test
    void missingServiceFolderStopsBeforeTheJobRuns() {
        Path missing = service.resolve("not-bound");
        List<String> ran = new CopyOnWriteArrayList<>();
        JobRuntime runtime = JobRuntime.builder().serviceDir(missing).build();

        JobConfigurationException e = assertThrows(JobConfigurationException.class, () -> runtime.run(ctx -> {
            ran.add("ran");
            return "";
        }));

        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertEquals(List.of(), ran);
        assertFalse(Files.exists(missing));
    }

    @Test
    void readOnlyServiceFolderStopsBeforeTheJobRunsAndStaysEmpty() throws IOException {
        try (ReadOnlyFolder readOnly = ReadOnlyFolder.create(service.resolve("ro"))) {
            JobRuntime runtime = JobRuntime.builder().serviceDir(readOnly.dir()).build();
            JobConfigurationException e =
                    assertThrows(JobConfigurationException.class, () -> runtime.run(ctx -> "never"));
            assertTrue(e.getMessage().contains(readOnly.dir().toString()), e.getMessage());
            try (Stream<Path> files = Files.list(readOnly.dir())) {
                assertEquals(0, files.count());
            }
        }
    }

    @Test
    void invalidSettingsAreRefusedWhenSet() {
        JobRuntime.Builder builder = JobRuntime.builder();
        assertThrows(JobConfigurationException.class, () -> builder.statusInterval(Duration.ZERO));
        assertThrows(JobConfigurationException.class, () -> builder.logLines(-1));
        assertThrows(JobConfigurationException.class, () -> builder.title(" "));
        assertThrows(JobConfigurationException.class, () -> builder.cancelGrace(Duration.ofSeconds(-1)));
    }
}
