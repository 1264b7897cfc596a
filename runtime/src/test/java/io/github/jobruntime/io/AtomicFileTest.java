package io.github.jobruntime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    private static final int PAGE_SIZE = 200 * 1024;

    @TempDir
    Path dir;

    @Test
    void readerNeverSeesPartialOrEmptyFileWhileItIsReplaced10000Times() throws Exception {
        Path page = dir.resolve("status.html");
        AtomicFile.write(page, version(0), false);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong reads = new AtomicLong();
        List<String> broken = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            while (writing.get() && broken.size() < 5) {
                try {
                    byte[] seen = Files.readAllBytes(page);
                    reads.incrementAndGet();
                    if (seen.length != PAGE_SIZE || !isWhole(seen)) {
                        broken.add("read " + seen.length + " bytes, first " + (char) seen[0]);
                    }
                } catch (IOException e) {
                    broken.add(e.toString());
                }
            }
        });

        for (int i = 1; i <= 10_000; i++) {
            AtomicFile.write(page, version(i), false);
        }
        writing.set(false);
        reader.get();

        assertEquals(List.of(), broken);
        assertTrue(reads.get() > 100, "the reader ran concurrently (" + reads.get() + " reads)");
        assertArrayEquals(version(10_000), Files.readAllBytes(page));
        assertEquals(List.of(page), list(dir), "no temp file is left behind");
    }

    @Test
    void durableWriteReplacesContent() throws IOException {
        Path result = dir.resolve("result.txt");
        AtomicFile.write(result, "UNSET".getBytes(StandardCharsets.UTF_8), true);
        AtomicFile.write(result, "Done.".getBytes(StandardCharsets.UTF_8), true);
        assertEquals("Done.", Files.readString(result));
    }

    @Test
    void failedWriteNamesTheTargetAndLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("gone").resolve("status.html");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFile.write(target, new byte[10], false));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertTrue(e.getCause() instanceof NoSuchFileException, e.getCause().toString());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void staleTempFilesOfAKilledRunAreRemovedAndOthersKept() throws IOException {
        Path stale1 = Files.writeString(dir.resolve(".status.html.4711-3" + AtomicFile.TEMP_SUFFIX), "half");
        Path stale2 = Files.writeString(dir.resolve(".result.txt.4711-4" + AtomicFile.TEMP_SUFFIX), "");
        Path notes = Files.writeString(dir.resolve("notifications.txt"), "ABORT\n");
        Path other = Files.writeString(dir.resolve(".hidden.tmp"), "x");

        assertEquals(2, AtomicFile.removeStaleTempFiles(dir));

        assertFalse(Files.exists(stale1));
        assertFalse(Files.exists(stale2));
        assertEquals(List.of(other, notes), list(dir));
    }

    /** A page whose every byte says which version it is, so that a mix of two versions shows. */
    private static byte[] version(int i) {
        byte[] content = new byte[PAGE_SIZE];
        Arrays.fill(content, (byte) ('a' + i % 26));
        return content;
    }

    private static boolean isWhole(byte[] content) {
        for (byte b : content) {
            if (b != content[0]) {
                return false;
            }
        }
        return true;
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
