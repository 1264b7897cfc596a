package io.github.jobruntime.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

class MessageLogTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** What was logged, as "LEVEL message". */
    private final List<String> lines = new ArrayList<>();
    private final AtomicLong nanos = new AtomicLong(1_000 * SECOND);
    private final MessageLog log = new MessageLog(recordingLogger(), nanos::get, "[ABORT]");

    private Logger recordingLogger() {
        return (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("is")) {
                        return true;
                    }
                    Object[] arguments = args.length == 2 && args[1] instanceof Object[] many ? many
                            : Arrays.copyOfRange(args, 1, args.length);
                    lines.add(method.getName().toUpperCase(java.util.Locale.ROOT) + " "
                            + MessageFormatter.arrayFormat((String) args[0], arguments).getMessage());
                    return null;
                });
    }

    // when

    private void unknown(int from, int to) {
        IntStream.rangeClosed(from, to).forEach(number -> log.unknown(number, "NOISE"));
    }

    private void later(long amount) {
        nanos.addAndGet(amount);
    }

    // then

    @Test
    void theFirstTenOfAFloodAreLoggedOneByOneAndTheRestAsOneCountWhenTheWindowIsOver() {
        unknown(1, 1_000_000);
        assertEquals(10, lines.size(), () -> "during the window: " + lines);

        later(6 * SECOND);
        log.flushIfDue();

        assertEquals("WARN notification #1: unknown command \"NOISE\" ignored; known: [ABORT]", lines.get(0));
        assertEquals("WARN notifications #11 to #1000000: 999,990 unknown commands ignored (the last \"NOISE\"; "
                + "known: [ABORT]) and 0 other messages, not logged one by one", lines.get(10));
        assertEquals(11, lines.size(), lines::toString);
    }

    @Test
    void whileTheFloodGoesOnEachWindowLogsOnlyItsCount() {
        unknown(1, 100);
        later(6 * SECOND);
        unknown(101, 200);
        log.received(201, "PING");
        later(6 * SECOND);
        log.flushIfDue();

        assertEquals(12, lines.size(), lines::toString);
        assertTrue(lines.get(10).startsWith("WARN notifications #11 to #100: 90 unknown"), lines.get(10));
        assertTrue(lines.get(11).startsWith("WARN notifications #101 to #201: 100 unknown")
                && lines.get(11).endsWith("and 1 other messages, not logged one by one"), lines.get(11));
    }

    @Test
    void aWindowWithoutMessagesBringsBackLineByLineLogging() {
        unknown(1, 100);
        later(6 * SECOND);
        log.flushIfDue();
        later(6 * SECOND);
        log.flushIfDue();

        log.received(101, "PING");

        assertEquals("INFO notification #101: PING", lines.get(lines.size() - 1));
    }

    @Test
    void flushLogsWhatWasCountedBeforeTheWindowIsOver() {
        unknown(1, 12);

        log.flush();
        log.flush();

        assertEquals(11, lines.size(), lines::toString);
        assertTrue(lines.get(10).startsWith("WARN notifications #11 to #12: 2 unknown"), lines.get(10));
    }

    @Test
    void aFewMessagesAreLoggedOneByOne() {
        log.received(1, "PING 1");
        log.unknown(2, "PONG");

        log.flush();

        assertEquals(List.of("INFO notification #1: PING 1",
                "WARN notification #2: unknown command \"PONG\" ignored; known: [ABORT]"), lines);
    }
}
