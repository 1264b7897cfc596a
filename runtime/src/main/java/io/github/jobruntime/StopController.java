package io.github.jobruntime;

import io.github.jobruntime.io.Durations;
import io.github.jobruntime.io.Threads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stop path of one run: an {@code ABORT} or a termination signal. The deadline is fixed first; the abort
 * listeners then run on a thread of their own, so that one that never returns holds back neither the interrupt
 * of the job (given at the latest halfway through the grace) nor the final result at the end of the grace.
 * Nothing here locks on an object the job can see.
 */
final class StopController implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StopController.class);

    /**
     * A stop that was asked for.
     *
     * @param deadline      when the result is written regardless, on the runtime's clock (what the job is told)
     * @param deadlineNanos the same moment on {@link System#nanoTime()}, which the timers follow
     * @param grace         from the request to the deadline
     */
    record StopRequest(JobState state, String reason, Instant deadline, long deadlineNanos, Duration grace) {

        /** The message {@link JobContext#checkAbort()} throws with; a job's own exception says more. */
        String text() {
            return state + ": " + reason;
        }
    }

    /** What a stop acts on: the run it belongs to. */
    interface Target {
        /** {@return whether the final result is already being written, after which a stop request changes nothing} */
        boolean ending();

        /** Shows the request on the page at once. */
        void announce(StopRequest request);

        /** Interrupts the job's thread, unless the job has returned. */
        void interruptJob();

        /** Writes the final result of {@code request} regardless: the grace is over. */
        void graceOver(StopRequest request);
    }

    private final String title;
    private final Clock clock;
    private final List<Runnable> listeners;
    private final Target target;
    private final Object lock = new Object();
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicBoolean interrupted = new AtomicBoolean();
    private volatile StopRequest current;

    StopController(String title, Clock clock, List<Runnable> listeners, Target target) {
        this.title = title;
        this.clock = clock;
        this.listeners = List.copyOf(listeners);
        this.target = target;
        // Its one thread is started with the first stop request, not at every job start.
        this.timer = new ScheduledThreadPoolExecutor(1, Threads.named("job-runtime-stop-timer"));
    }

    /** {@return the stop that counts, or null while nobody asked for one} */
    StopRequest current() {
        return current;
    }

    /**
     * Asks the job to stop within {@code grace}, without waiting. A termination signal during an abort makes it a
     * cancellation with the earlier of the two deadlines; any other later request is ignored.
     */
    void request(JobState state, String reason, Duration grace) {
        StopRequest earlier;
        StopRequest request;
        synchronized (lock) {
            if (target.ending()) {
                LOG.info("{} - {} ignored: the job has already ended", title, reason);
                return;
            }
            earlier = current;
            Instant now = clock.instant();
            long nowNanos = System.nanoTime();
            if (earlier == null) {
                request = new StopRequest(state, reason, now.plus(grace), nowNanos + grace.toNanos(), grace);
            } else if (state == JobState.CANCELLED && earlier.state() != JobState.CANCELLED) {
                long deadlineNanos = Math.min(earlier.deadlineNanos(), nowNanos + grace.toNanos());
                Duration left = Duration.ofNanos(deadlineNanos - nowNanos);
                request = new StopRequest(state, reason, now.plus(left), deadlineNanos, left);
            } else {
                LOG.info("{} - {} ignored: already stopping ({})", title, reason, earlier.state());
                return;
            }
            current = request;
        }
        LOG.warn("{} - {}: {}; asking the job to stop within {}", title, state, reason,
                Durations.grace(request.grace()));
        target.announce(request);
        if (earlier != null || listeners.isEmpty()) {
            // A termination signal does not wait any longer for the listeners of an abort.
            interruptOnce();
        } else {
            runListeners(request.grace());
        }
        // The deadline was fixed above, before any app code could run: the timer thread's start, which costs
        // more than the interrupt, comes after that.
        schedule(() -> target.graceOver(current), Duration.ofNanos(request.deadlineNanos() - System.nanoTime()));
    }

    private void runListeners(Duration grace) {
        Threads.daemon("job-runtime-abort-listeners", () -> {
            for (Runnable listener : listeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    LOG.warn("{} - an abort listener failed; stopping anyway", title, e);
                }
            }
            interruptOnce();
        }).start();
        Duration patience = grace.dividedBy(2);
        schedule(() -> {
            if (interruptOnce()) {
                LOG.warn("{} - an abort listener has not returned after {}; interrupting the job anyway", title,
                        Durations.grace(patience));
            }
        }, patience);
    }

    /** {@return whether this call interrupted the job: it is interrupted once per run} */
    private boolean interruptOnce() {
        if (!interrupted.compareAndSet(false, true)) {
            return false;
        }
        target.interruptJob();
        return true;
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            // Nobody waits for the future, so a failure is logged here rather than kept in it.
            Future<?> unused = timer.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("{} - the stop timer's task failed", title, e);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.debug("{} - stop timer already closed: the run is over", title);
        }
    }

    /** Stops the timer thread; the listener thread, if one still runs, is left to itself. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
