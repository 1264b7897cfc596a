package io.github.jobruntime.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the handler of each control message on one named daemon thread, in arrival order. Messages are
 * {@code COMMAND [argument]}; the command is matched exactly after trimming. Every message is logged once as
 * {@code notification #n: message}; what became of it is reported as a {@link Receipt}.
 */
public final class MessageDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);
    private static final String END = new String("end of messages");

    /** Handles the argument of one command. */
    @FunctionalInterface
    public interface Handler {
        void handle(String argument) throws Exception;
    }

    /** What became of a message. */
    public enum Outcome {
        ACKNOWLEDGED, IGNORED, FAILED;

        /** {@return the word the page shows} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One handled message.
     *
     * @param number counts messages from 1
     * @param detail why it was ignored or failed, empty when acknowledged
     */
    public record Receipt(long number, Instant at, String message, Outcome outcome, String detail) {
        public Receipt {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(detail, "detail");
        }
    }

    // Bounded: a burst from the platform makes the tailer wait instead of filling the heap.
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(8_192);
    private final Map<String, Handler> handlers;
    private final Consumer<Receipt> receipts;
    private final Clock clock;
    private final Thread thread;
    private long count;

    /**
     * @param handlers by command
     * @param receipts told what became of each message, on the dispatcher thread
     */
    public MessageDispatcher(Map<String, Handler> handlers, Consumer<Receipt> receipts, Clock clock) {
        this.handlers = Map.copyOf(handlers);
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.thread = new Thread(this::loop, "job-runtime-dispatch");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues a message line; waits while the queue is full, so that nothing is dropped. */
    public void submit(String line) {
        Objects.requireNonNull(line, "line");
        try {
            queue.put(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while queuing message \"{}\"; it is dropped", line);
        }
    }

    private void loop() {
        while (true) {
            String line;
            try {
                line = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (line == END) {
                return;
            }
            dispatch(line);
        }
    }

    private void dispatch(String line) {
        long number = ++count;
        LOG.info("notification #{}: {}", number, line);
        String trimmed = line.strip();
        int space = indexOfWhitespace(trimmed);
        String command = space < 0 ? trimmed : trimmed.substring(0, space);
        String argument = space < 0 ? "" : trimmed.substring(space + 1).strip();
        Handler handler = handlers.get(command);
        Receipt receipt;
        if (handler == null) {
            LOG.warn("notification #{}: unknown command \"{}\" ignored; known: {}", number, command,
                    handlers.keySet().stream().sorted().toList());
            receipt = new Receipt(number, clock.instant(), line, Outcome.IGNORED, "unknown command");
        } else {
            receipt = run(number, line, handler, argument);
        }
        try {
            receipts.accept(receipt);
        } catch (RuntimeException e) {
            LOG.warn("notification #{}: could not record the receipt", number, e);
        }
    }

    private Receipt run(long number, String line, Handler handler, String argument) {
        try {
            handler.handle(argument);
            return new Receipt(number, clock.instant(), line, Outcome.ACKNOWLEDGED, "");
        } catch (Exception | LinkageError | AssertionError e) {
            LOG.error("notification #{}: handler for \"{}\" failed; the job goes on", number, line, e);
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Receipt(number, clock.instant(), line, Outcome.FAILED, reason);
        }
    }

    private static int indexOfWhitespace(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Handles what is queued, then stops, waiting at most {@code millis}. */
    public void close(long millis) {
        if (!thread.isAlive()) {
            return;
        }
        try {
            // Behind the queued messages, so that they are all handled; waits while the queue is full.
            if (!queue.offer(END, millis, TimeUnit.MILLISECONDS)) {
                LOG.warn("{} message(s) still queued after {} ms; abandoning them", queue.size(), millis);
            }
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("dispatcher still busy after {} ms (a handler does not return); abandoning it", millis);
            thread.interrupt();
        }
    }

    @Override
    public void close() {
        close(TimeUnit.SECONDS.toMillis(2));
    }
}
