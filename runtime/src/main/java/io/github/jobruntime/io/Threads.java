package io.github.jobruntime.io;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The runtime's threads: named, so that a thread dump says whose they are, and daemons, so that none keeps a JVM alive. */
public final class Threads {

    private Threads() {
    }

    /** {@return a daemon thread named {@code name} that runs {@code task}, not started yet} */
    public static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** {@return a factory of daemon threads all named {@code name}, for an executor of one thread} */
    public static ThreadFactory named(String name) {
        return task -> daemon(name, task);
    }

    /** {@return a factory of daemon threads named {@code prefix} and a number from 1: a pool's} */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger threads = new AtomicInteger();
        return task -> daemon(prefix + threads.incrementAndGet(), task);
    }

    /**
     * Adds a shutdown hook, the thread {@code name} that runs {@code task} when the JVM exits, on SIGTERM or SIGINT
     * too. It is not a daemon: the JVM waits for every hook.
     *
     * @return the hook, for {@link #removeShutdownHook}
     * @throws IllegalStateException when the JVM is already shutting down
     */
    public static Thread addShutdownHook(String name, Runnable task) {
        Thread hook = new Thread(task, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /**
     * Removes a shutdown hook added earlier.
     *
     * @return false when the JVM is already shutting down: the hook runs, or has run
     */
    public static boolean removeShutdownHook(Thread hook) {
        try {
            return Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return false;
        }
    }
}
