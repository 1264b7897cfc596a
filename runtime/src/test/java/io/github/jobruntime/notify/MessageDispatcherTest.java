package io.github.jobruntime.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.notify.MessageDispatcher.Outcome;
import io.github.jobruntime.notify.MessageDispatcher.Receipt;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class MessageDispatcherTest {

    private static final Instant NOW = Instant.parse("2026-11-21T10:15:30Z");
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    /** For floods: generous, so that a busy machine does not fail them. */
    private static final Duration FLOOD_PATIENCE = Duration.ofMinutes(1);
    /** More than the queue holds. */
    private static final int FLOOD = 10_000;

    private final Map<String, MessageDispatcher.Handler> handlers = new LinkedHashMap<>();
    /** What the handlers saw, as "COMMAND:argument@thread". */
    private final List<String> handled = new CopyOnWriteArrayList<>();
    private final List<Receipt> receipts = new CopyOnWriteArrayList<>();
    private final List<String> receiptThreads = new CopyOnWriteArrayList<>();
    private MessageDispatcher dispatcher;

    @AfterEach
    void closeDispatcher() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    // given

    private void recording(String... commands) {
        for (String command : commands) {
            handlers.put(command, argument -> handled.add(command + ":" + argument + "@"
                    + Thread.currentThread().getName()));
        }
    }

    private MessageDispatcher started() {
        return startedWith(Map.of());
    }

    private MessageDispatcher startedWith(Map<String, MessageDispatcher.Handler> immediate) {
        dispatcher = new MessageDispatcher(handlers, immediate, receipt -> {
            receiptThreads.add(Thread.currentThread().getName());
            receipts.add(receipt);
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        dispatcher.start();
        return dispatcher;
    }

    // when

    private void submit(String... lines) {
        for (String line : lines) {
            dispatcher.submit(line);
        }
    }

    // then

    @Test
    void settleWaitsForAReceiptBeingRecordedNotOnlyForItsHandler() throws Exception {
        CountDownLatch recording = new CountDownLatch(1);
        CountDownLatch recorded = new CountDownLatch(1);
        dispatcher = new MessageDispatcher(handlers, receipt -> {
            recording.countDown();
            awaitUninterruptibly(recorded);
            receipts.add(receipt);
        }, Clock.fixed(NOW, ZoneOffset.UTC));
        dispatcher.start();
        // From a thread of its own, as the tailer's: an unknown command gets its receipt on the submitting thread.
        new Thread(() -> submit("PING"), "test-tailer").start();
        assertTrue(recording.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));

        Thread settling = new Thread(() -> dispatcher.settle(PATIENCE), "test-settle");
        settling.start();
        // The final page is rendered once settle returns: a receipt still on its way to the page would be missing.
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(settling::isAlive);
        recorded.countDown();
        settling.join(PATIENCE.toMillis());

        assertEquals(List.of("PING:IGNORED"), receipts.stream().map(r -> r.message() + ":" + r.outcome()).toList());
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // the receipt is recorded whatever interrupts its thread
            }
        }
    }

    private void awaitReceipts(int count) {
        awaitReceipts(count, PATIENCE);
    }

    private void awaitReceipts(int count, Duration patience) {
        await().atMost(patience).until(() -> receipts.size() >= count);
        assertEquals(count, receipts.size(), () -> "receipts: " + receipts);
    }

    private Receipt receipt(int number) {
        return receipts.get(number - 1);
    }

    @Test
    void handlersRunInArrivalOrderOnOneThreadNamedJobRuntimeDispatch() {
        recording("A", "B");
        started();
        List<String> lines = IntStream.range(0, 200).mapToObj(i -> (i % 3 == 0 ? "B " : "A ") + i).toList();

        submit(lines.toArray(String[]::new));

        awaitReceipts(200);
        List<String> expected = lines.stream().map(line -> line.replace(' ', ':') + "@job-runtime-dispatch").toList();
        assertEquals(expected, handled);
        assertEquals(lines, receipts.stream().map(Receipt::message).toList());
        assertTrue(receiptThreads.stream().allMatch("job-runtime-dispatch"::equals), receiptThreads::toString);
    }

    @Test
    void commandIsMatchedExactlyAfterTrimmingAndTheArgumentIsTrimmed() {
        recording("CHECKPOINT");
        started();

        submit(" CHECKPOINT  now ", "checkpoint", "CHECKPOINT", "CHECKPOINT\tstep 7 of 9 ", "CHECKPOINTS x");

        awaitReceipts(5);
        assertEquals(List.of("CHECKPOINT:now@job-runtime-dispatch", "CHECKPOINT:@job-runtime-dispatch",
                "CHECKPOINT:step 7 of 9@job-runtime-dispatch"), handled);
        assertEquals(List.of(Outcome.ACKNOWLEDGED, Outcome.IGNORED, Outcome.ACKNOWLEDGED, Outcome.ACKNOWLEDGED,
                Outcome.IGNORED), receipts.stream().map(Receipt::outcome).toList());
        assertEquals(" CHECKPOINT  now ", receipt(1).message(), "the receipt names the message as received");
    }

    @Test
    void handlerExceptionGivesAFailedReceiptWithTheReasonAndTheNextMessageIsStillHandled() {
        handlers.put("SAVE", argument -> {
            throw new IOException("no space left on /scratch for " + argument);
        });
        handlers.put("CHECK", argument -> {
            throw new AssertionError();
        });
        recording("PING");
        started();

        submit("SAVE state.bin", "PING 1", "CHECK", "PING 2");

        awaitReceipts(4);
        assertEquals(new Receipt(1, NOW, "SAVE state.bin", Outcome.FAILED, "no space left on /scratch for state.bin"),
                receipt(1));
        assertEquals(new Receipt(2, NOW, "PING 1", Outcome.ACKNOWLEDGED, ""), receipt(2));
        assertEquals(new Receipt(3, NOW, "CHECK", Outcome.FAILED, "AssertionError"), receipt(3),
                "without a message the reason is the exception's type");
        assertEquals(List.of("PING:1@job-runtime-dispatch", "PING:2@job-runtime-dispatch"), handled);
    }

    @Test
    void unknownCommandGivesAnIgnoredReceipt() {
        recording("ABORT");
        started();

        submit("PING x");

        awaitReceipts(1);
        assertEquals(new Receipt(1, NOW, "PING x", Outcome.IGNORED, "unknown command"), receipt(1));
        assertEquals("ignored", receipt(1).outcome().label());
        assertEquals(List.of(), handled);
    }

    @Test
    void receiptsAreNumberedFromOneInArrivalOrder() {
        recording("A");
        started();

        submit("A", "unknown", "A x", "  A  ");

        awaitReceipts(4);
        assertEquals(List.of(1L, 2L, 3L, 4L), receipts.stream().map(Receipt::number).toList());
    }

    @Test
    void aMessageThatLooksLikeTheInternalEndMarkerIsHandledAndDoesNotStopTheDispatcher() {
        recording("end", "A");
        started();

        submit("end of messages", "A after");

        awaitReceipts(2);
        assertEquals(List.of("end:of messages@job-runtime-dispatch", "A:after@job-runtime-dispatch"), handled);
    }

    @Test
    void immediateCommandOvertakesABlockedHandlerWhileTheOthersKeepTheirOrder() {
        CountDownLatch gate = new CountDownLatch(1);
        handlers.put("WAIT", argument -> gate.await(10, TimeUnit.SECONDS));
        recording("A");
        Map<String, MessageDispatcher.Handler> immediate = Map.of("STOP", argument -> handled.add("STOP:" + argument));
        startedWith(immediate);

        submit("WAIT", "A 1", "STOP now", "A 2");

        await().atMost(PATIENCE).until(() -> handled.contains("STOP:now"));
        assertEquals(List.of("STOP now"), receipts.stream().map(Receipt::message).toList());
        assertEquals(3, receipt(1).number(), "numbered in arrival order");
        gate.countDown();
        awaitReceipts(4);
        assertEquals(List.of("STOP now", "WAIT", "A 1", "A 2"), receipts.stream().map(Receipt::message).toList());
        assertEquals(List.of("STOP:now", "A:1@job-runtime-dispatch", "A:2@job-runtime-dispatch"), handled);
    }

    @Test
    void settleReportsTheMessagesStillWaitingForAHandlerAsUnfinished() {
        CountDownLatch gate = new CountDownLatch(1);
        handlers.put("WAIT", argument -> gate.await(10, TimeUnit.SECONDS));
        recording("A");
        started();
        submit("A 1", "WAIT", "A 2");

        dispatcher.settle(Duration.ofMillis(100));

        assertEquals(List.of(Outcome.ACKNOWLEDGED, Outcome.UNFINISHED, Outcome.UNFINISHED),
                receipts.stream().map(Receipt::outcome).toList());
        assertEquals(List.of("A 1", "WAIT", "A 2"), receipts.stream().map(Receipt::message).toList());
        assertEquals("unfinished", receipt(2).outcome().label());
        gate.countDown();
    }

    @Test
    void closeHandlesWhatWasQueuedBeforeReturning() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        handlers.put("WAIT", argument -> gate.await(10, TimeUnit.SECONDS));
        recording("A");
        started();
        submit("WAIT");
        List<String> queued = IntStream.range(0, 100).mapToObj(i -> "A " + i).toList();
        submit(queued.toArray(String[]::new));
        Thread closer = new Thread(dispatcher::close, "test-closer");

        closer.start();
        // close() is waiting for the dispatcher, which is still held by the first handler
        await().atMost(PATIENCE).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        assertEquals(0, receipts.size());
        gate.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));

        assertEquals(Thread.State.TERMINATED, closer.getState());
        assertEquals(101, receipts.size(), "everything queued before close() is handled when it returns");
        assertEquals(queued.stream().map(line -> line.replace(' ', ':') + "@job-runtime-dispatch").toList(), handled);
    }

    @Test
    @Timeout(120)
    void unknownCommandsBehindABlockedHandlerNeverMakeTheSubmitterWaitForAnImmediateOne() {
        CountDownLatch gate = new CountDownLatch(1);
        handlers.put("WAIT", argument -> gate.await(30, TimeUnit.SECONDS));
        startedWith(Map.of("STOP", argument -> handled.add("STOP:" + argument)));
        List<String> flood = IntStream.range(0, FLOOD).mapToObj(i -> "NOISE " + i).toList();
        Thread submitter = new Thread(() -> {
            submit("WAIT");
            submit(flood.toArray(String[]::new));
            submit("STOP now");
        }, "test-submitter");

        submitter.start();

        // Far more than the queue holds: the submitter must not wait for the blocked handler to take them.
        await().atMost(FLOOD_PATIENCE).until(() -> handled.contains("STOP:now"));
        gate.countDown();
        awaitReceipts(FLOOD + 2, FLOOD_PATIENCE);
        assertEquals(LongStream.rangeClosed(1, FLOOD + 2).boxed().toList(),
                receipts.stream().map(Receipt::number).sorted().toList(), "every message has one receipt");
    }

    @Test
    @Timeout(120)
    void aFloodOfUnknownCommandsIsReceiptedAsItArrivesSoTheImmediateCommandAfterItIsTheLastReceipt() {
        recording("A");
        startedWith(Map.of("STOP", argument -> handled.add("STOP:" + argument)));
        String[] flood = new String[FLOOD];
        Arrays.fill(flood, "NOISE");

        submit(flood);
        submit("STOP now");

        awaitReceipts(FLOOD + 1, FLOOD_PATIENCE);
        assertEquals("STOP now", receipts.get(receipts.size() - 1).message(), "the newest receipt");
        assertEquals(LongStream.rangeClosed(1, FLOOD + 1).boxed().toList(),
                receipts.stream().map(Receipt::number).toList(), "in the order they came");
    }

    @Test
    void unknownCommandsKeepTheirPlaceBehindQueuedMessages() {
        CountDownLatch gate = new CountDownLatch(1);
        handlers.put("WAIT", argument -> gate.await(10, TimeUnit.SECONDS));
        recording("A");
        started();

        submit("WAIT", "NOISE 1", "A 1", "NOISE 2");
        gate.countDown();

        awaitReceipts(4);
        assertEquals(List.of("WAIT", "NOISE 1", "A 1", "NOISE 2"), receipts.stream().map(Receipt::message).toList());
        assertEquals(List.of(Outcome.ACKNOWLEDGED, Outcome.IGNORED, Outcome.ACKNOWLEDGED, Outcome.IGNORED),
                receipts.stream().map(Receipt::outcome).toList());
    }
}
