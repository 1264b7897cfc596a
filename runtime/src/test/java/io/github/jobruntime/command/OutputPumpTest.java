package io.github.jobruntime.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.log.LogCard;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The copy of a command's output and the parsing of its lines, which run apart: the copy never waits. */
@Timeout(120)
class OutputPumpTest {

    private static final Duration PATIENCE = Duration.ofMinutes(1);

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final OutputTail tail = new OutputTail();
    private final List<String> parsed = Collections.synchronizedList(new ArrayList<>());

    private OutputLines parsing;

    /** Starts a pump of stdout alone, its lines parsed by {@code parser}; {@link #parsing} parses its lines. */
    private OutputPump pump(InputStream in, Consumer<String> parser) {
        parsing = OutputLines.of(List.of("stdout"), List.of(parser), new OutputScreen(new LogCard(new PageLock(), 20)))
                .start();
        return OutputPump.start(in, copy, tail.stdout(), parsing.stream(0));
    }

    private static long patience() {
        return System.nanoTime() + PATIENCE.toNanos();
    }

    @Test
    void outputIsCopiedThroughWhileTheParserIsBusy() {
        byte[] output = lines(1, 20_000);
        CountDownLatch parserMayGoOn = new CountDownLatch(1);
        OutputPump pump = pump(new ByteArrayInputStream(output), line -> {
            awaitQuietly(parserMayGoOn);
            parsed.add(line);
        });

        assertTrue(pump.awaitCopied(patience()), "the copy ends with the stream, whatever the parser does");
        assertArrayEquals(output, copy.toByteArray());
        assertEquals(List.of(), parsed);
        parserMayGoOn.countDown();

        assertTrue(parsing.awaitParsed(patience()));
        assertEquals(expectedLines(1, 20_000), parsed);
        assertEquals(0, parsing.unparsedLines());
    }

    @Test
    void aParserThatNeverReturnsHoldsBackNeitherTheCopyNorTheEnd() {
        byte[] output = lines(1, 3 * OutputLines.MAX_QUEUED_BYTES / 20);
        CountDownLatch never = new CountDownLatch(1);
        try {
            OutputPump pump = pump(new ByteArrayInputStream(output), line -> awaitQuietly(never));

            await().atMost(PATIENCE).until(() -> copy.size() == output.length);
            assertTrue(pump.awaitCopied(patience()));
            assertArrayEquals(output, copy.toByteArray());
        } finally {
            never.countDown();
        }
    }

    @Test
    void outputBeyondTheQueueIsLeftOutOfTheParsingOnlyCountedAndParsingGoesOnOnceItCatchesUp() throws IOException {
        // More than the queue holds while the parser waits, then a pause, then more that it parses again.
        int first = 3 * OutputLines.MAX_QUEUED_BYTES / 20;
        byte[] burst = lines(1, first);
        PipedOutputStream later = new PipedOutputStream();
        InputStream command = new SequenceInputStream(new ByteArrayInputStream(burst), new PipedInputStream(later));
        CountDownLatch parserMayGoOn = new CountDownLatch(1);
        OutputPump pump = pump(command, line -> {
            awaitQuietly(parserMayGoOn);
            parsed.add(line);
        });
        await().atMost(PATIENCE).until(() -> copy.size() == burst.length);
        parserMayGoOn.countDown();
        int queuedLines = lineEnds(burst, OutputLines.MAX_QUEUED_BYTES);
        await().atMost(PATIENCE).until(() -> parsed.size() == queuedLines);

        later.write(lines(first + 1, first + 100));
        later.close();

        assertTrue(pump.awaitCopied(patience()));
        assertTrue(parsing.awaitParsed(patience()));
        List<String> expected = new ArrayList<>(expectedLines(1, queuedLines));
        expected.addAll(expectedLines(first + 1, first + 100));
        assertEquals(expected, parsed, "whole lines only: none cut where the output was left out");
        assertEquals(first - queuedLines, parsing.unparsedLines());
        assertEquals(burst.length + lines(first + 1, first + 100).length, copy.size(), "every byte passed through");
    }

    @Test
    void stoppedParsingLeavesTheRestOutAndCountsIt() {
        byte[] output = lines(1, 1000);
        CountDownLatch parserMayGoOn = new CountDownLatch(1);
        OutputPump pump = pump(new ByteArrayInputStream(output), line -> {
            awaitQuietly(parserMayGoOn);
            parsed.add(line);
        });
        assertTrue(pump.awaitCopied(patience()));

        parsing.stopParsing();
        parserMayGoOn.countDown();

        assertTrue(parsing.awaitParsed(patience()));
        assertTrue(parsed.size() <= 1, "at most the line the parser was in: " + parsed);
        assertEquals(1000, parsed.size() + parsing.unparsedLines());
    }

    @Test
    void parserSeesTextWithoutTerminalEscapesWhileTheCopyKeepsEveryByte() {
        byte[] output = "\033[32mTime = 3 / 10\033[0m\n\033]0;solver\007\033[2K\033[1Aiter\t7\b8\n\033[0m\n"
                .getBytes(StandardCharsets.UTF_8);

        pump(new ByteArrayInputStream(output), parsed::add);

        assertTrue(parsing.awaitParsed(patience()));
        assertArrayEquals(output, copy.toByteArray(), "passed through byte for byte");
        assertEquals(List.of("Time = 3 / 10", "iter\t78"), parsed, "a line of escapes alone is blank");
    }

    @Test
    void theLastLinesAreThoseThatPassedThroughWhateverTheParserSaw() {
        byte[] output = lines(1, 3 * OutputLines.MAX_QUEUED_BYTES / 20);
        CountDownLatch never = new CountDownLatch(1);
        try {
            OutputPump pump = pump(new ByteArrayInputStream(output), line -> awaitQuietly(never));

            assertTrue(pump.awaitCopied(patience()));
            int count = 3 * OutputLines.MAX_QUEUED_BYTES / 20;
            assertEquals(expectedLines(count - 2, count), tail.lastLines(3));
        } finally {
            never.countDown();
        }
    }

    @Test
    void outputThatNeverPausesIsParsedAsItComes() throws Exception {
        PipedOutputStream command = new PipedOutputStream();
        PipedInputStream stream = new PipedInputStream(command, 64 * 1024);
        pump(stream, parsed::add);
        AtomicBoolean printing = new AtomicBoolean(true);
        Thread printer = new Thread(() -> printEvery2Ms(command, printing), "trickle");
        printer.start();

        await().atMost(PATIENCE).until(() -> parsed.size() > 10);
        assertTrue(printer.isAlive(), "parsed while the command still prints");

        printing.set(false);
        printer.join();
        assertTrue(parsing.awaitParsed(patience()));
    }

    /** A command that prints a line every 2 ms, never pausing long enough for a burst to end. */
    private static void printEvery2Ms(PipedOutputStream command, AtomicBoolean printing) {
        try (command) {
            for (int i = 1; printing.get(); i++) {
                command.write(("step " + i + "\n").getBytes(StandardCharsets.UTF_8));
                command.flush();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] lines(int from, int to) {
        return (String.join("\n", expectedLines(from, to)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> expectedLines(int from, int to) {
        List<String> lines = new ArrayList<>(to - from + 1);
        for (int i = from; i <= to; i++) {
            lines.add("step " + i + " of many");
        }
        return lines;
    }

    private static int lineEnds(byte[] bytes, int length) {
        int count = 0;
        for (int i = 0; i < length; i++) {
            count += bytes[i] == '\n' ? 1 : 0;
        }
        return count;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
