package io.github.jobruntime.notify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.io.LineSplitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Timeout(20)
class NotificationTailerTest {

    enum Mode {
        /** Watch events alone drive delivery: the poll is too slow to matter within the test timeouts. */
        WATCH(true, Duration.ofSeconds(30)),
        /** What a job sees on NFS, where inotify never fires for another node's writes. */
        POLL_ONLY(false, Duration.ofMillis(50));

        final boolean watch;
        final Duration pollInterval;

        Mode(boolean watch, Duration pollInterval) {
            this.watch = watch;
            this.pollInterval = pollInterval;
        }
    }

    @TempDir
    Path temp;

    private Path folder;
    private Path file;
    private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<String> foreignSinkThread = new AtomicReference<>();
    private NotificationTailer tailer;
    private PlatformAppender platform;

    @BeforeEach
    void createServiceFolder() throws IOException {
        folder = Files.createDirectory(temp.resolve("service"));
        file = folder.resolve("notifications.txt");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (tailer != null) {
            tailer.close();
        }
        if (platform != null) {
            platform.close();
        }
        assertNull(foreignSinkThread.get(), "the sink must only run on the tailer thread");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fileAbsentAtStartIsReadOnceCreated(Mode mode) throws IOException {
        startTailer(mode);
        assertStillDelivered();

        append("ABORT\n");

        assertDelivered("ABORT");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void linesWrittenBeforeStartAreDelivered(Mode mode) throws IOException {
        append("PAUSE\n");
        append("RESUME\n");

        startTailer(mode);

        assertDelivered("PAUSE", "RESUME");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void skippedContentOfAnEarlierRunIsNotDeliveredButLaterLinesAre(Mode mode) throws IOException {
        append("ABORT\n");
        tailer = new NotificationTailer(file, mode.pollInterval, mode.watch, this::collect);

        assertEquals(6, tailer.skipExisting(Instant.MAX));
        tailer.start();
        append("PING\n");

        assertDelivered("PING");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void contentWrittenAfterTheGivenTimeIsNotSkipped(Mode mode) throws IOException {
        append("ABORT\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        tailer = new NotificationTailer(file, mode.pollInterval, mode.watch, this::collect);

        assertEquals(0, tailer.skipExisting(Instant.now().minusSeconds(30)));
        tailer.start();

        assertDelivered("ABORT");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fileReplacedAfterTheSkipIsReadFromItsStart(Mode mode) throws IOException {
        append("ABORT\n");
        tailer = new NotificationTailer(file, mode.pollInterval, mode.watch, this::collect);
        tailer.skipExisting(Instant.MAX);
        tailer.start();

        Files.delete(file);
        append("PING\n");

        assertDelivered("PING");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void lineSplitAcrossTwoWritesIsDeliveredOnce(Mode mode) throws IOException {
        startTailer(mode);
        platform = PlatformAppender.start(file);

        platform.append("first\nsec");
        assertDelivered("first");
        assertStillDelivered("first");

        platform.append("ond\n");
        assertDelivered("first", "second");
        assertStillDelivered("first", "second");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void deletedFileIsReadFromTheStartOnceRecreated(Mode mode) throws IOException {
        startTailer(mode);
        append("one\n");
        assertDelivered("one");

        Files.delete(file);
        // Longer than before, so only the file's identity, not its size, can tell it is new.
        append("two-two-two\n");

        assertDelivered("one", "two-two-two");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void linesAppendedJustBeforeRenameAwayAreDelivered(Mode mode) throws IOException {
        startTailer(mode);
        append("one\n");
        assertDelivered("one");

        append("two\n");
        Files.move(file, folder.resolve("notifications.old"));
        append("three\n");

        assertDelivered("one", "two", "three");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void truncatedFileIsReadFromTheStart(Mode mode) throws IOException {
        startTailer(mode);
        append("first line\nsecond line\n");
        assertDelivered("first line", "second line");

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(0);
        }
        // Shorter than before: a file truncated and then regrown past the old offset between two
        // checks looks exactly like one that was appended to.
        append("new\n");

        assertDelivered("first line", "second line", "new");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fileEmptiedAndAppendedToRightAfterIsReadFromTheStart(Mode mode) throws IOException {
        startTailer(mode);
        platform = PlatformAppender.start(file);
        platform.append("PING\n");
        assertDelivered("PING");

        // : > notifications.txt; echo ABORT-1 >> notifications.txt, and so on: the tailer may or may not look
        // while the file is empty, so repeat it; each message is at least as long as the previous one.
        List<String> expected = new ArrayList<>(List.of("PING"));
        for (int round = 1; round <= 10; round++) {
            platform.emptyThenAppend("ABORT-" + round + "\n");
            expected.add("ABORT-" + round);
            assertDelivered(expected.toArray(String[]::new));
        }
        assertStillDelivered(expected.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fileReplacedByARedirectIsReadFromTheStart(Mode mode) throws IOException {
        startTailer(mode);
        platform = PlatformAppender.start(file);
        platform.append("PING\n");
        assertDelivered("PING");

        platform.replace("ABORT\n");

        assertDelivered("PING", "ABORT");
        assertStillDelivered("PING", "ABORT");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fileRewrittenInPlaceWithTheSameLengthIsReadFromTheStart(Mode mode) throws IOException {
        startTailer(mode);
        platform = PlatformAppender.start(file);
        platform.append("PING\n");
        assertDelivered("PING");

        platform.overwrite("STOP\n");

        assertDelivered("PING", "STOP");
        assertStillDelivered("PING", "STOP");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void rewriteNearTheReadPositionOfALongFileIsReadFromTheStart(Mode mode) throws IOException {
        String first = IntStream.range(0, 100).mapToObj(i -> "message-" + i + "\n").collect(Collectors.joining());
        startTailer(mode);
        platform = PlatformAppender.start(file);
        platform.append(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered().size() == 100);

        // The first bytes stay the same; only the ones just before the read position change.
        String rewritten = first.substring(0, first.length() - "message-99\n".length()) + "ABORT-now!\n";
        platform.overwrite(rewritten);

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered().size() == 200);
        assertEquals("ABORT-now!", delivered().get(199));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void appendsBeyondTheFirstBytesAreNotTakenForANewFile(Mode mode) throws IOException {
        String first = IntStream.range(0, 100).mapToObj(i -> "message-" + i + "\n").collect(Collectors.joining());
        startTailer(mode);
        platform = PlatformAppender.start(file);
        platform.append(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> delivered().size() == 100);

        platform.append("PING\n");
        platform.append("PAUSE\n");

        List<String> expected = new ArrayList<>(first.lines().toList());
        expected.addAll(List.of("PING", "PAUSE"));
        assertDelivered(expected.toArray(String[]::new));
        assertStillDelivered(expected.toArray(String[]::new));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void skippedContentRewrittenInPlaceIsReadFromItsStart(Mode mode) throws IOException {
        append("ABORT\n");
        tailer = new NotificationTailer(file, mode.pollInterval, mode.watch, this::collect);
        tailer.skipExisting(Instant.MAX);
        tailer.start();
        platform = PlatformAppender.start(file);
        assertStillDelivered();

        platform.overwrite("PING\n");

        assertDelivered("PING");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void fileReplacedByRenameOverIsReadFromTheStart(Mode mode) throws IOException {
        startTailer(mode);
        append("old-1\n");
        assertDelivered("old-1");

        Path replacement = Files.writeString(folder.resolve("notifications.tmp"), "new-1\nnew-2\n");
        append("old-2\n");
        Files.move(replacement, file, StandardCopyOption.ATOMIC_MOVE);

        assertDelivered("old-1", "old-2", "new-1", "new-2");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void burstOfHundredThousandLinesIsDeliveredOnceInOrder(Mode mode) throws IOException {
        int count = 100_000;
        startTailer(mode);
        platform = PlatformAppender.start(file);

        platform.burst(count, "line");

        List<String> expected = IntStream.range(0, count).mapToObj(i -> "line-" + i).collect(Collectors.toList());
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> delivered().size() >= count);
        assertTrue(expected.equals(delivered()), "all " + count + " lines, each once, in order");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void carriageReturnsAreStripped(Mode mode) throws IOException {
        startTailer(mode);

        append("ABORT\r\nPAUSE 10\r\n");

        assertDelivered("ABORT", "PAUSE 10");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void byteOrderMarkAtFileStartIsStripped(Mode mode) throws IOException {
        startTailer(mode);

        append(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "ABORT\nRESUME\n".getBytes(UTF_8)));

        assertDelivered("ABORT", "RESUME");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void byteOrderMarkAtTheStartOfALaterLineIsStripped(Mode mode) throws IOException {
        startTailer(mode);
        append("PING\n");
        assertDelivered("PING");

        // A platform that writes each message with a BOM, as some Windows tools do.
        append("\uFEFFABORT\n\uFEFFRESUME\n");

        assertDelivered("PING", "ABORT", "RESUME");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void malformedUtf8IsReplacedAndNextLineStillArrives(Mode mode) throws IOException {
        startTailer(mode);

        append(bytes("bad ".getBytes(UTF_8), new byte[] {(byte) 0xFF, (byte) 0xFE}, " end\nnext\n".getBytes(UTF_8)));

        assertDelivered("bad \uFFFD\uFFFD end", "next");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nulBytesAreDroppedWithoutBreakingTheStream(Mode mode) throws IOException {
        startTailer(mode);

        append("AB\0C\n\0\0\0\nnext\n");

        assertDelivered("ABC", "next");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void overLongLineIsCutAndNextLineStillArrives(Mode mode) throws IOException {
        startTailer(mode);

        append("x".repeat(1024 * 1024) + "\nnext\n");

        await().atMost(Duration.ofSeconds(5)).until(() -> delivered().size() >= 2);
        List<String> lines = delivered();
        assertEquals(2, lines.size());
        assertEquals("x".repeat(LineSplitter.MAX_LINE_BYTES), lines.get(0), "the first 64 KiB of the long line");
        assertEquals("next", lines.get(1));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void blankLinesAreIgnored(Mode mode) throws IOException {
        startTailer(mode);

        append("\n   \n\t\r\nABORT\n\n");

        assertDelivered("ABORT");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void deletedFolderIsFollowedAgainOnceRecreated(Mode mode) throws IOException {
        // Noticing that the folder is back needs polling, watch or not: its watch died with it.
        startTailer(mode, Duration.ofMillis(200), this::collect);
        append("one\n");
        assertDelivered("one");

        Files.delete(file);
        Files.delete(folder);
        assertStillDelivered("one");

        Files.createDirectory(folder);
        append("two\n");
        assertDelivered("one", "two");
        append("three\n");
        assertDelivered("one", "two", "three");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void closeDeliversLinesWrittenBeforeIt(Mode mode) throws IOException {
        append("first\n");
        startTailer(mode, Duration.ofSeconds(30), this::collect);
        assertDelivered("first");

        append("last\n");
        tailer.close();

        assertEquals(List.of("first", "last"), delivered());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nothingIsDeliveredAfterClose(Mode mode) throws IOException {
        startTailer(mode);
        tailer.close();
        tailer.close();

        append("late\n");

        assertStillDelivered();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failingSinkDoesNotStopTailing(Mode mode) throws IOException {
        startTailer(mode, mode.pollInterval, line -> {
            collect(line);
            if (line.equals("boom")) {
                throw new IllegalStateException("handler failed");
            }
        });

        append("boom\nafter\n");
        append("later\n");

        assertDelivered("boom", "after", "later");
    }

    @Test
    void closeGivesUpWaitingForASinkThatNeverReturns() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        startTailer(Mode.POLL_ONLY, Mode.POLL_ONLY.pollInterval, line -> {
            collect(line);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        append("stuck\n");
        assertDelivered("stuck");

        try {
            assertTimeoutPreemptively(Duration.ofSeconds(5), tailer::close);
        } finally {
            release.countDown();
        }
    }

    @Test
    void invalidArgumentsAreRejectedWithTheirName() {
        Duration interval = Duration.ofMillis(200);
        Consumer<String> sink = this::collect;

        assertThrows(NullPointerException.class, () -> new NotificationTailer(null, interval, true, sink));
        assertThrows(NullPointerException.class, () -> new NotificationTailer(file, null, true, sink));
        assertThrows(NullPointerException.class, () -> new NotificationTailer(file, interval, true, null));
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> new NotificationTailer(file, Duration.ZERO, true, sink));
        assertTrue(zero.getMessage().contains("pollInterval must be positive"), zero.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new NotificationTailer(file, Duration.ofMillis(-1), true, sink));
    }

    @Test
    void startingTwiceOrAfterCloseIsRejected() {
        tailer = new NotificationTailer(file, Duration.ofMillis(200), true, this::collect);
        tailer.start();
        assertThrows(IllegalStateException.class, tailer::start);

        tailer.close();
        assertThrows(IllegalStateException.class, tailer::start);
    }

    // --- given / when / then helpers

    private void startTailer(Mode mode) {
        startTailer(mode, mode.pollInterval, this::collect);
    }

    private void startTailer(Mode mode, Duration pollInterval, Consumer<String> sink) {
        tailer = new NotificationTailer(file, pollInterval, mode.watch, sink);
        tailer.start();
    }

    private void collect(String line) {
        if (!Thread.currentThread().getName().equals(NotificationTailer.THREAD_NAME)) {
            foreignSinkThread.compareAndSet(null, Thread.currentThread().getName());
        }
        delivered.add(line);
    }

    private List<String> delivered() {
        synchronized (delivered) {
            return new ArrayList<>(delivered);
        }
    }

    private void append(String text) throws IOException {
        append(text.getBytes(UTF_8));
    }

    private void append(byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private static byte[] bytes(byte[]... parts) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(joined::writeBytes);
        return joined.toByteArray();
    }

    private void assertDelivered(String... lines) {
        eventually().untilAsserted(() -> assertEquals(List.of(lines), delivered()));
    }

    /** Lines stay exactly these for a while: nothing more, nothing twice. */
    private void assertStillDelivered(String... lines) {
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> assertEquals(List.of(lines), delivered()));
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10));
    }
}
