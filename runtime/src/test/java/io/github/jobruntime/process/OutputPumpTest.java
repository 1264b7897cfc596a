package io.github.jobruntime.process;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
