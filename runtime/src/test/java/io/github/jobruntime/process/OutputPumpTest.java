package io.github.jobruntime.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The copy of a command's output and the parsing of its lines, which run apart. */
@Timeout(60)
class OutputPumpTest {

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final List<String> parsed = Collections.synchronizedList(new ArrayList<>());

    @Test
    void outputIsCopiedThroughWhileTheParserIsBusy() throws InterruptedException {
        byte[] output = lines(20_000);
        CountDownLatch parserMayGoOn = new CountDownLatch(1);
        Thread pump = OutputPump.start("stdout", new ByteArrayInputStream(output), copy, line -> {
            awaitQuietly(parserMayGoOn);
            parsed.add(line);
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> copy.size() == output.length);
        assertEquals(List.of(), parsed);
        parserMayGoOn.countDown();

        pump.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(pump.isAlive(), "the reader ends once every line is parsed");
        assertEquals(expectedLines(20_000), parsed);
    }

    @Test
    void outputBeyondTheQueueWaitsForTheParserAndNothingIsLost() throws InterruptedException {
        int count = 3 * OutputPump.MAX_QUEUED_BYTES / 20;
        byte[] output = lines(count);

        Thread pump = OutputPump.start("stdout", new ByteArrayInputStream(output), copy, parsed::add);

        pump.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(pump.isAlive());
        assertArrayEquals(output, copy.toByteArray());
        assertEquals(expectedLines(count), parsed);
    }

    @Test
    void aParserThatNeverReturnsHoldsBackNeitherTheCopyNorTheEnd() throws InterruptedException {
        int count = 3 * OutputPump.MAX_QUEUED_BYTES / 20;
        byte[] output = lines(count);
        CountDownLatch never = new CountDownLatch(1);
        try {
            Thread pump = OutputPump.start("stdout", new ByteArrayInputStream(output), copy, line -> {
                awaitQuietly(never);
            });

            await().atMost(Duration.ofMinutes(1)).until(() -> copy.size() == output.length);
            await().atMost(Duration.ofMinutes(1)).until(() -> !pump.isAlive());
            assertArrayEquals(output, copy.toByteArray());
        } finally {
            never.countDown();
        }
    }

    @Test
    void parserSeesTextWithoutTerminalEscapesWhileTheCopyKeepsEveryByte() throws InterruptedException {
        byte[] output = "\033[32mTime = 3 / 10\033[0m\n\033]0;solver\007\033[2K\033[1Aiter\t7\b8\n\033[0m\n"
                .getBytes(StandardCharsets.UTF_8);

        Thread pump = OutputPump.start("stdout", new ByteArrayInputStream(output), copy, parsed::add);

        pump.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(pump.isAlive());
        assertArrayEquals(output, copy.toByteArray(), "passed through byte for byte");
        assertEquals(List.of("Time = 3 / 10", "iter\t78"), parsed, "a line of escapes alone is blank");
    }

    @Test
    void outputThatNeverPausesIsParsedAsItComes() throws Exception {
        PipedOutputStream command = new PipedOutputStream();
        PipedInputStream stream = new PipedInputStream(command, 64 * 1024);
        Thread pump = OutputPump.start("stdout", stream, copy, parsed::add);
        AtomicBoolean printing = new AtomicBoolean(true);
        Thread printer = new Thread(() -> printEvery2Ms(command, printing), "trickle");
        printer.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> parsed.size() > 10);
        assertTrue(printer.isAlive(), "parsed while the command still prints");

        printing.set(false);
        printer.join();
        pump.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(pump.isAlive());
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

    private static byte[] lines(int count) {
        return (String.join("\n", expectedLines(count)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> expectedLines(int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            lines.add("step " + i + " of " + count);
        }
        return lines;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
