package io.github.jobruntime.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code --progress-total FILE:REGEX}: regular files only, their first 16 MiB, under a time budget. */
@Timeout(60)
class ProgressTotalTest {

    private static final String END_TIME = "^endTime\\s+(?<total>[^;\\s]+)";

    @TempDir
    Path dir;

    private static String error(String spec, Path workDir) {
        return assertThrows(IllegalArgumentException.class, () -> ProgressTotal.parse(spec).read(workDir))
                .getMessage();
    }

    @Test
    void aTotalInTheFirst16MiBOfALargerFileIsRead() throws IOException {
        Path file = Files.writeString(dir.resolve("controlDict"), "startTime 0;\nendTime 0.5;\n");
        try (RandomAccessFile big = new RandomAccessFile(file.toFile(), "rw")) {
            big.setLength(1L << 30);
        }

        assertEquals(0.5, ProgressTotal.parse("controlDict:" + END_TIME).read(dir));
    }

    @Test
    void aTotalPastTheFirst16MiBIsNotLookedFor() throws IOException {
        Path file = dir.resolve("controlDict");
        try (RandomAccessFile big = new RandomAccessFile(file.toFile(), "rw")) {
            big.seek(ProgressTotal.MAX_FILE_BYTES);
            big.write("\nendTime 0.5;\n".getBytes(StandardCharsets.UTF_8));
        }

        String error = error("controlDict:" + END_TIME, dir);

        assertTrue(error.startsWith("--progress-total controlDict:" + END_TIME + ": no match in the first 16 MiB of "
                + file + " (17 MiB)"), error);
    }

    @Test
    void aCharacterCutByTheLimitIsNotMalformedText() throws IOException {
        byte[] bytes = ("endTime 3;\n" + "x".repeat(ProgressTotal.MAX_FILE_BYTES - 12) + "é more")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("controlDict"), bytes);

        assertEquals(3, ProgressTotal.parse("controlDict:" + END_TIME).read(dir));
    }

    @Test
    void aFileThatIsNotUtf8TextIsSaidToBeSo() throws IOException {
        Files.write(dir.resolve("controlDict"), new byte[] {'e', 'n', 'd', (byte) 0xFF, '\n'});

        assertTrue(error("controlDict:" + END_TIME, dir).endsWith("controlDict is not UTF-8 text - give the total as a "
                + "number"));
    }

    @Test
    void aFifoIsRefusedWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("controlDict");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

        assertTrue(error("controlDict:" + END_TIME, dir).endsWith(fifo + " is not a regular file but a FIFO - give "
                + "the input file that holds the total, or the total as a number"));
    }

    @Test
    void aDeviceIsRefused() {
        assertTrue(error("/dev/zero:" + END_TIME, dir).contains("/dev/zero is not a regular file but a character "
                + "device"));
    }

    @Test
    void aRegexThatBacktracksForEverOnTheFileIsRefusedAtItsBudget() throws IOException {
        Files.writeString(dir.resolve("controlDict"), "a".repeat(60) + "\n");

        String error = error("controlDict:(?<total>(.*a){15}b)", dir);

        assertTrue(error.contains("the regex found no match in " + dir.resolve("controlDict") + " within 500 ms of "
                + "CPU time - make it simpler"), error);
    }
}
