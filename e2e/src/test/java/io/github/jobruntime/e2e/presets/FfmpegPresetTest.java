package io.github.jobruntime.e2e.presets;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.StartedProcesses;
import io.github.jobruntime.testkit.Requirement;
import io.github.jobruntime.testkit.Texts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --preset ffmpeg} on Debian's ffmpeg transcoding a real 20 s video at real-time speed ({@code -re}): the
 * page follows the encoded time against the input's duration, shows ffmpeg's frames and speed, keeps its redrawn
 * status line once in the tail, and an ABORT leaves a finished, readable file.
 */
@Timeout(240)
class FfmpegPresetTest {

    private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private Path work;

    @BeforeEach
    void makeInput() throws Exception {
        Requirement.assume("ffmpeg", Files.isExecutable(FFMPEG) && Files.isExecutable(Path.of("/usr/bin/ffprobe")),
                FFMPEG + " or ffprobe is missing (Debian package ffmpeg)");
        work = Files.createDirectories(dir.resolve("work"));
        PresetRun.runTool(work, FFMPEG.toString(), "-nostdin", "-v", "error", "-f", "lavfi", "-i",
                "testsrc=duration=20:size=160x120:rate=25", "-c:v", "mpeg4", "in.mp4");
    }

    private PresetRun transcode() throws IOException {
        return PresetRun.start(started, dir, work, List.of("--preset", "ffmpeg"),
                List.of("ffmpeg", "-re", "-i", "in.mp4", "-c:v", "mpeg4", "out.mp4"));
    }

    /** {@return the tail's lines that are ffmpeg's status line} */
    private static long statusLines(List<String> tail) {
        return tail.stream().filter(line -> line.startsWith("frame=")).count();
    }

    @Test
    void pageFollowsTheEncodedTimeAgainstTheInputsDuration() throws Exception {
        PresetRun run = transcode();
        await().atMost(PresetRun.PATIENCE).until(() -> run.page().done().orElse(0) >= 2);
        Platform.Page first = run.page();
        assertEquals(20, first.total().getAsDouble(), "the total is the input's Duration, in seconds: " + first);
        await().atMost(PresetRun.PATIENCE)
                .until(() -> run.page().done().orElse(0) >= first.done().getAsDouble() + 2);

        Platform.Page mid = run.page();
        assertEquals(JobState.RUNNING, mid.state().orElse(null), mid.toString());
        assertTrue(PresetRun.fact(mid, "Frames").orElse("").matches("\\d+"), mid.html());
        assertTrue(PresetRun.fact(mid, "Speed").orElse("").matches("[\\d.]+x"), mid.html());
        assertTrue(PresetRun.fact(mid, "Output size").orElse("").matches("\\d+\\s*kB"), mid.html());
        assertEquals(1, statusLines(PresetRun.tail(mid)), "one status line, redrawn in place: "
                + PresetRun.tail(mid));

        PresetRun.Eta eta = run.measureEta(r -> r.done() >= 0.3 * r.total());
        System.out.println("ffmpeg: " + eta + "; at -re's 1x pace " + (eta.total() - eta.doneAtReading()) + " s");
        assertTrue(eta.error() < 0.5, eta.toString());

        assertEquals(0, run.exitCode(), run.raw());
        Platform.Page end = run.page();
        assertEquals(JobState.SUCCEEDED, end.state().orElse(null), run.raw());
        int redraws = Texts.count(run.raw(), "frame=");
        System.out.println("ffmpeg: status line drawn " + redraws + " times in the raw output, "
                + statusLines(PresetRun.tail(end)) + " in the tail: " + PresetRun.tail(end).stream()
                .filter(line -> line.startsWith("frame=")).toList());
        assertTrue(redraws >= 10, "ffmpeg redraws its status line about twice a second: " + redraws);
        assertEquals(1, statusLines(PresetRun.tail(end)), PresetRun.tail(end).toString());
        assertTrue(PresetRun.fact(end, "Frames").orElse("").equals("500"), end.html());
    }

    @Test
    void abortStopsFfmpegWhichFinishesAReadableFile() throws Exception {
        PresetRun run = transcode();
        run.awaitCommand("ffmpeg");
        await().atMost(PresetRun.PATIENCE).until(() -> run.page().done().orElse(0) >= 3);

        run.abort();

        assertEquals(JobState.ABORTED, run.page().state().orElse(null), run.raw());
        String duration = PresetRun.runTool(work, "/usr/bin/ffprobe", "-v", "error", "-show_entries",
                "format=duration", "-of", "csv=p=0", "out.mp4").strip();
        System.out.println("ffmpeg: out.mp4 after ABORT at " + PresetRun.plain(run.page().done().getAsDouble())
                + " s: ffprobe reads " + duration + " s");
        assertTrue(Double.parseDouble(duration) >= 2, duration);
    }
}
