package io.github.jobruntime.e2e.presets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import io.github.jobruntime.e2e.StartedProcesses;
import io.github.jobruntime.e2e.presets.PresetRun.Reading;
import io.github.jobruntime.testkit.Requirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --preset rsync} on rsync itself: a local copy slowed to a known, steady 2 MiB/s by {@code --bwlimit=2m}, so
 * that the time left is known from the bytes left, and a transfer resumed at half the file by
 * {@code --append-verify}, whose time left is measured to its end.
 */
@Timeout(180)
class RsyncPresetTest {

    private static final Path RSYNC = Path.of("/usr/bin/rsync");
    /** A line of {@code --info=progress2}: bytes so far, percent, rate, rsync's own time left (H:MM:SS). */
    private static final Pattern LINE = Pattern.compile(
            "^\\s*([\\d,]+)\\s+(\\d+)%\\s+\\S+/s\\s+(\\d+):(\\d\\d):(\\d\\d)");

    @TempDir
    Path dir;

    @RegisterExtension
    final StartedProcesses started = new StartedProcesses();

    private static boolean progressLine(String line) {
        return LINE.matcher(line).find();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(23).nextBytes(bytes);
        return bytes;
    }

    private PresetRun rsync(String... options) throws IOException {
        Requirement.assume("rsync", Files.isExecutable(RSYNC), RSYNC + " is missing (Debian package rsync)");
        List<String> command = new ArrayList<>(List.of(RSYNC.toString(), "--info=progress2",
                "--bwlimit=2m", "--partial"));
        command.addAll(List.of(options));
        command.addAll(List.of("src/big.bin", "dst/"));
        return PresetRun.start(started, dir, dir, List.of("--preset", "rsync"), command);
    }

    @Test
    void copyShowsItsPercentTimeLeftAndOneRedrawnLineAndAbortKeepsThePartialFile() throws Exception {
        byte[] content = random(24_000_000);
        file("src/big.bin", content);
        Files.createDirectories(dir.resolve("dst"));

        PresetRun run = rsync();

        List<Reading> readings = run.awaitTimesLeft(3);
        Reading last = readings.get(readings.size() - 1);
        for (int i = 1; i < readings.size(); i++) {
            assertTrue(readings.get(i).done() > readings.get(i - 1).done(), readings::toString);
        }
        assertTrue(last.percent() < 100, readings::toString);
        // The truth: the bytes rsync had left when it printed the line the page read, at 2 MiB/s.
        String line = Arrays.stream(run.raw().split("[\r\n]")).filter(RsyncPresetTest::progressLine)
                .filter(l -> percent(l) == (int) last.percent()).reduce((a, b) -> b).orElseThrow();
        double truth = (content.length - bytes(line)) / (2.0 * 1024 * 1024);
        double rsyncOwn = secondsLeft(line);
        PresetRun.assertClose(truth, last.etaSeconds(), 0.5, "time left against the bytes left");
        assertTrue(Math.abs(last.etaSeconds() - rsyncOwn) <= Math.max(3, 0.5 * rsyncOwn),
                () -> "time left " + last.etaSeconds() + " s, rsync's own " + line);
        // rsync redraws one line with \r: the raw output has each redraw, the page's log tail the line once.
        long redraws = run.rawLines(RsyncPresetTest::progressLine);
        List<String> tail = run.tail();
        assertTrue(redraws >= readings.size(), run::raw);
        assertEquals(1, tail.stream().filter(RsyncPresetTest::progressLine).count(), tail::toString);
        System.out.printf("rsync: time left %.0f s, truth %.1f s, rsync's own %.0f s; %d progress lines in the "
                + "output, %d in the log tail%n", last.etaSeconds(), truth, rsyncOwn, redraws,
                tail.stream().filter(RsyncPresetTest::progressLine).count());

        run.abort();

        // --partial: rsync keeps what it copied, the start of the file, for the next run to resume from.
        byte[] partial = Files.readAllBytes(dir.resolve("dst/big.bin"));
        assertTrue(partial.length > 0 && partial.length < content.length, partial.length + " bytes");
        assertArrayEquals(Arrays.copyOf(content, partial.length), partial);
    }

    @Test
    void transferResumedAtHalfStartsThereAndItsTimeLeftIsTheTimeItTakes() throws Exception {
        // 48 MB left at 2 MiB/s, 23 s: rsync's last megabytes go at once, about 1 s early, a small part of that.
        byte[] content = random(96_000_000);
        file("src/big.bin", content);
        file("dst/big.bin", Arrays.copyOf(content, content.length / 2));

        PresetRun run = rsync("--append-verify");

        List<Reading> readings = run.awaitTimesLeft(3);
        // rsync prints "0 0%" first, then counts the half it found in place: the bar starts past 50 %.
        Reading first = readings.stream().filter(r -> r.percent() > 0).findFirst().orElseThrow();
        assertTrue(first.percent() >= 50 && first.percent() < 62, readings::toString);
        Reading third = readings.stream().filter(r -> !Double.isNaN(r.etaSeconds())).skip(2).findFirst()
                .orElseThrow();
        double truth = run.etaFrom(third).trueSeconds();
        String line = Arrays.stream(run.raw().split("[\r\n]")).filter(RsyncPresetTest::progressLine)
                .filter(l -> percent(l) == (int) third.percent()).findFirst().orElseThrow();
        System.out.printf("rsync resumed: first %.0f %%, time left after three updates %.0f s, took %.1f s "
                + "(%.1f s at 2 MiB/s), rsync's own %.0f s; readings %s%n", first.percent(), third.etaSeconds(),
                truth, content.length * (1 - third.percent() / 100) / (2.0 * 1024 * 1024), secondsLeft(line),
                readings);
        PresetRun.assertClose(truth, third.etaSeconds(), 0.25, "time left after three updates at " + third);

        assertEquals(0, run.exitCode(), run::raw);
        assertEquals(JobState.SUCCEEDED, run.page().state().orElse(null), run::raw);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("dst/big.bin")));
        long redraws = run.rawLines(RsyncPresetTest::progressLine);
        List<String> tail = run.tail();
        List<String> shown = tail.stream().filter(RsyncPresetTest::progressLine).toList();
        assertEquals(1, shown.size(), tail::toString);
        assertTrue(shown.get(0).contains("96,000,000 100%"), shown::toString);
        assertTrue(redraws >= 5, run::raw);
        System.out.printf("rsync resumed: %d progress lines in the output, %d in the log tail%n", redraws,
                shown.size());
    }

    private static Matcher parsed(String line) {
        Matcher matcher = LINE.matcher(line);
        assertTrue(matcher.find(), line);
        return matcher;
    }

    private static int percent(String line) {
        return Integer.parseInt(parsed(line).group(2));
    }

    private static long bytes(String line) {
        return Long.parseLong(parsed(line).group(1).replace(",", ""));
    }

    private static double secondsLeft(String line) {
        Matcher matcher = parsed(line);
        return Integer.parseInt(matcher.group(3)) * 3600 + Integer.parseInt(matcher.group(4)) * 60
                + Integer.parseInt(matcher.group(5));
    }
}
