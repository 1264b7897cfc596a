package io.github.jobruntime.notify;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.io.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Runs the handler of each control message on one named daemon thread, in arrival order. Messages are
 * {@code COMMAND [argument]}; the command is matched exactly after trimming. Messages are logged as
 * {@code notification #n: message} when they arrive, the first few of a flood one by one and the rest as a count
 * every few seconds; what became of each is reported once as a {@link Receipt}. Immediate commands (the built-in
 * {@code ABORT}) are handled at once on the arriving thread, ahead of the queue, so that a handler that blocks
 * cannot hold them back; so are commands without a handler, which only get their receipt, so that a flood of them
 * neither waits for the queue nor fills it.
 */
public final class MessageDispatcher implements AutoCloseable {

    private static final Logger LOG = Logs.get(MessageDispatcher.class);
    /** Handles the argument of one command. */
    @FunctionalInterface
    public interface Handler {
        void handle(String argument) throws Exception;
    }

    /** What became of a message. */
    public enum Outcome {
        ACKNOWLEDGED, IGNORED, FAILED,
        /** The job ended before the message's handler had finished, or before its turn came. */
        UNFINISHED;

        // Made once: a flood asks for it a million times.
        private final String label = name().toLowerCase(Locale.ROOT);

        /** {@return the word the page shows} */
        public String label() {
            return label;
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

    private record Message(long number, String line) {
    }

    private static final String UNKNOWN = "unknown command";
    private static final Message END = new Message(0, "end of messages");
    /**
     * How long the time of one unknown command's receipt serves for the next: reading the wall clock took a fifth
     * of the tailer's time in a flood of them, and the page shows seconds.
     */
    private static final long STAMP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    // Bounded: a burst from the platform makes the tailer wait instead of filling the heap.
    private final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(8_192);
    private final Map<String, Handler> handlers;
    private final Map<String, Handler> immediate;
    private final Consumer<Receipt> receipts;
    private final Clock clock;
    private final MessageLog messageLog;
    private final Thread thread;

    /** Guards the fields below, and is notified whenever a message gets its receipt. */
    private final Object lock = new Object();
    private long count;
    /** The messages without a receipt yet, by number. */
    private final Map<Long, String> open = new LinkedHashMap<>();
    /** Receipts taken from {@link #open} and still on their way to the consumer (the page): settle waits for them. */
    private int recording;
    private Instant stamp;
    private long stampNanos;

    /**
     * @param handlers by command
     * @param receipts told what became of each message: on the dispatcher thread, or on the submitting thread
     *                 for a command that has no handler
     */
    public MessageDispatcher(Map<String, Handler> handlers, Consumer<Receipt> receipts, Clock clock) {
        this(handlers, Map.of(), receipts, clock);
    }

    /**
     * @param handlers  by command, run one at a time on the dispatcher thread in arrival order
     * @param immediate by command, run at once on the thread that submits the message, ahead of the queue; they
     *                  must return quickly
     * @param receipts  told what became of each message: on the thread that ran its handler, or on the
     *                  submitting thread for a command that has no handler
     */
    public MessageDispatcher(Map<String, Handler> handlers, Map<String, Handler> immediate, Consumer<Receipt> receipts,
            Clock clock) {
        this.handlers = Map.copyOf(handlers);
        this.immediate = Map.copyOf(immediate);
        if (this.immediate.keySet().stream().anyMatch(this.handlers::containsKey)) {
            throw new IllegalArgumentException("a command is either immediate or queued: " + immediate.keySet()
                    + " and " + handlers.keySet() + " overlap");
        }
        this.receipts = Objects.requireNonNull(receipts, "receipts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.messageLog = new MessageLog(LOG, System::nanoTime, Stream.concat(this.handlers.keySet().stream(),
                this.immediate.keySet().stream()).sorted().toList().toString());
        this.thread = Threads.daemon("job-runtime-dispatch", this::loop);
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues a message line, or handles it at once when its command is immediate or has no handler; waits while
     * the queue is full of messages with a handler, so that none of those is dropped.
     */
    public void submit(String line) {
        Objects.requireNonNull(line, "line");
        String command = command(line);
        // Looked at first: an immediate command (ABORT) never waits for the queue, nor for what is ahead in it.
        boolean now = immediate.containsKey(command);
        boolean known = now || handlers.containsKey(command);
        long number;
        boolean behindOthers;
        Instant at = null;
        synchronized (lock) {
            number = ++count;
            // An unknown command waits behind the known ones whose receipts are not out yet, while there is room,
            // so that the receipts keep the order the messages came in.
            behindOthers = !known && (!open.isEmpty() || recording > 0);
            if (known || behindOthers) {
                open.put(number, line);
            } else {
                recording++;
                at = stamp();
            }
        }
        if (!known) {
            messageLog.unknown(number, command);
            if (!behindOthers) {
                recordTaken(new Receipt(number, at, line, Outcome.IGNORED, UNKNOWN));
            } else if (!queue.offer(new Message(number, line))) {
                record(ignored(number, line));
            }
            return;
        }
        messageLog.received(number, line);
        Message message = new Message(number, line);
        if (now) {
            dispatch(message);
            return;
        }
        try {
            queue.put(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while queuing message \"{}\"; it is dropped", line);
            record(new Receipt(message.number(), clock.instant(), line, Outcome.UNFINISHED, "dropped"));
        }
    }

    /**
     * Waits until every message submitted so far has its receipt, at most {@code patience}; the messages still
     * waiting for their handler then get an {@link Outcome#UNFINISHED} receipt, and none later. Meant for the
     * job's end, so that the final page lists every message that arrived before it.
     */
    public void settle(Duration patience) {
        messageLog.flush();
        long deadline = System.nanoTime() + patience.toNanos();
        List<Receipt> unfinished = new ArrayList<>();
        synchronized (lock) {
            try {
                for (long left = patience.toNanos(); (!open.isEmpty() || recording > 0) && left > 0;
                        left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            open.forEach((number, line) -> unfinished.add(new Receipt(number, clock.instant(), line,
                    Outcome.UNFINISHED, "the job ended before its handler finished")));
            open.clear();
        }
        for (Receipt receipt : unfinished) {
            LOG.warn("notification #{}: the job ended before its handler finished: {}", receipt.number(),
                    receipt.message());
            deliver(receipt);
        }
    }

    private void loop() {
        while (true) {
            Message message;
            try {
                message = queue.poll(MessageLog.WINDOW_NANOS, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
            messageLog.flushIfDue();
            if (message == null) {
                continue;
            }
            // By number, not equals(): a record's first equals() spins method handles, 30 ms at the end of a job.
            // Messages are numbered from 1; only the end marker has 0.
            if (message.number() == END.number()) {
                return;
            }
            dispatch(message);
        }
    }

    private void dispatch(Message message) {
        long number = message.number();
        String line = message.line();
        String trimmed = line.strip();
        String command = command(line);
        String argument = trimmed.substring(command.length()).strip();
        Handler handler = immediate.getOrDefault(command, handlers.get(command));
        if (handler == null) {
            record(ignored(number, line));
        } else {
            record(run(number, line, handler, argument));
        }
    }

    /**
     * Reports the receipt unless {@link #settle} already reported the message as unfinished; settle waits until it
     * is reported, not only taken, so that the final page has it.
     */
    private void record(Receipt receipt) {
        synchronized (lock) {
            if (open.remove(receipt.number()) == null) {
                return;
            }
            recording++;
        }
        recordTaken(receipt);
    }

    /** Reports a receipt already counted in {@link #recording}, so that settle waits until the page has it. */
    private void recordTaken(Receipt receipt) {
        try {
            deliver(receipt);
        } finally {
            synchronized (lock) {
                recording--;
                lock.notifyAll();
            }
        }
    }

    private Receipt ignored(long number, String line) {
        return new Receipt(number, clock.instant(), line, Outcome.IGNORED, UNKNOWN);
    }

    /** {@return the time for the receipt of an unknown command} Called under the lock. */
    private Instant stamp() {
        long now = System.nanoTime();
        if (stamp == null || now - stampNanos >= STAMP_NANOS) {
            stamp = clock.instant();
            stampNanos = now;
        }
        return stamp;
    }

    private void deliver(Receipt receipt) {
        try {
            receipts.accept(receipt);
        } catch (RuntimeException e) {
            LOG.warn("notification #{}: could not record the receipt", receipt.number(), e);
        }
    }

    private static String command(String line) {
        String trimmed = line.strip();
        int space = indexOfWhitespace(trimmed);
        return space < 0 ? trimmed : trimmed.substring(0, space);
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
            messageLog.flush();
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
        messageLog.flush();
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
