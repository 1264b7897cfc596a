package io.github.jobruntime.process;

import io.github.jobruntime.process.ProcessTable.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A command and every process it started: its descendants, and the members of the session it leads (which
 * keeps the grandchildren whose parent already died, as those are re-parented away from the tree). Processes
 * seen once are remembered, so that a child orphaned by the first signal still gets the KILL.
 */
public final class ProcessTree {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long RESCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    /** How a stop went: how many processes got the signal, how long they took, how many needed a KILL. */
    public record StopReport(Signal signal, int signalled, Duration took, int killed) {

        /** {@return one line for the log and the result} */
        public String describe() {
            if (signalled == 0) {
                return "the command had already ended";
            }
            String processes = signalled == 1 ? "the command's process" : "the command's " + signalled + " processes";
            String seconds = String.format(Locale.ROOT, "%.2f s", took.toNanos() / 1e9);
            return signal + " to " + processes + (killed == 0 ? "" : "; SIGKILL to the " + killed
                    + " still running at the end of the grace") + "; all gone after " + seconds;
        }
    }

    private static final Path SETSID = findSetsid();

    private final long rootPid;
    private final boolean sessionLeader;
    private final Map<Long, Entry> seen = new HashMap<>();

    private ProcessTree(long rootPid, boolean sessionLeader) {
        this.rootPid = rootPid;
        this.sessionLeader = sessionLeader;
    }

    /**
     * {@return {@code command} prefixed so that it starts in a session of its own} A session makes every process
     * the command starts findable, even once re-parented after its parent died. Without {@code setsid} on the
     * PATH the command is returned as it is, with a warning: orphans then escape a stop.
     */
    public static List<String> inOwnSession(List<String> command) {
        if (SETSID == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SETSID.toString()));
        wrapped.addAll(command);
        return wrapped;
    }

    /** {@return the tree of {@code root}, started with {@link #inOwnSession(List)}} */
    public static ProcessTree of(Process root) {
        return new ProcessTree(root.pid(), SETSID != null);
    }

    /** {@return the processes of the tree that are still running, zombies excluded} */
    synchronized List<Entry> alive() {
        if (!ProcessTable.available()) {
            return fromProcessHandles();
        }
        List<Entry> all = ProcessTable.all();
        Map<Long, List<Entry>> children = all.stream().collect(Collectors.groupingBy(Entry::parent));
        Map<Long, Entry> byPid = new HashMap<>();
        for (Entry entry : all) {
            byPid.put(entry.pid(), entry);
            if (entry.pid() == rootPid || (sessionLeader && entry.session() == rootPid)) {
                seen.putIfAbsent(entry.pid(), entry);
            }
        }
        ArrayDeque<Long> queue = new ArrayDeque<>(seen.keySet());
        queue.add(rootPid);
        while (!queue.isEmpty()) {
            for (Entry child : children.getOrDefault(queue.poll(), List.of())) {
                if (seen.putIfAbsent(child.pid(), child) == null) {
                    queue.add(child.pid());
                }
            }
        }
        return retainRunning(byPid::get);
    }

    /** Re-reads only the processes already known: cheap enough to poll every few milliseconds. */
    private synchronized List<Entry> knownAlive() {
        if (!ProcessTable.available()) {
            return fromProcessHandles();
        }
        return retainRunning(pid -> ProcessTable.read(pid).orElse(null));
    }

    /** Forgets the known processes that have ended, or whose pid now names another process; returns the rest. */
    private List<Entry> retainRunning(LongFunction<Entry> current) {
        List<Entry> alive = new ArrayList<>();
        seen.values().removeIf(known -> {
            Entry now = current.apply(known.pid());
            boolean same = now != null && now.startTicks() == known.startTicks() && !now.gone();
            if (same) {
                alive.add(now);
            }
            return !same;
        });
        return alive;
    }

    /**
     * Sends {@code signal} to every process of the tree, waits until all are gone, and sends KILL to what is
     * left at {@code killAt}. New processes forked meanwhile get the signal too.
     */
    public StopReport stop(Signal signal, Instant killAt) {
        long start = System.nanoTime();
        List<Entry> targets = alive();
        int signalled = targets.size();
        try {
            send(signal, targets);
        } catch (RuntimeException e) {
            // The KILL at the end of the grace needs no outside program: a failed first signal must not skip it.
            LOG.error("cannot send {} to the command's processes ({}); they get SIGKILL at the end of the grace",
                    signal, e.getMessage());
        }
        long lastScan = System.nanoTime();
        List<Entry> left = targets;
        while (!left.isEmpty() && Instant.now().isBefore(killAt)) {
            pause();
            if (System.nanoTime() - lastScan > RESCAN_NANOS) {
                List<Entry> now = alive();
                List<Entry> newcomers = now.stream().filter(e -> !contains(targets, e)).toList();
                if (!newcomers.isEmpty()) {
                    sendQuietly(signal, newcomers);
                    targets.addAll(newcomers);
                    signalled += newcomers.size();
                }
                left = now;
                lastScan = System.nanoTime();
            } else {
                left = knownAlive();
            }
        }
        int killed = 0;
        if (!left.isEmpty()) {
            left = alive();
            killed = left.size();
            LOG.warn("{} process(es) of the command still running at the end of the grace: sending SIGKILL to {}",
                    killed, pids(left));
            long killDeadline = System.nanoTime() + AFTER_KILL.toNanos();
            while (!left.isEmpty() && System.nanoTime() < killDeadline) {
                send(Signal.KILL, left);
                pause();
                left = alive();
            }
            if (!left.isEmpty()) {
                LOG.error("processes {} survived SIGKILL (uninterruptible I/O?); they may outlive this job", pids(left));
            }
        }
        return new StopReport(signal, signalled, Duration.ofNanos(System.nanoTime() - start), killed);
    }

    /** Sends {@code signal} to the command's own process only. */
    void signalRoot(Signal signal) {
        List<Entry> root = alive().stream().filter(e -> e.pid() == rootPid).toList();
        if (root.isEmpty()) {
            throw new IllegalStateException("the command is not running");
        }
        send(signal, root);
    }

    private static void send(Signal signal, List<Entry> targets) {
        if (targets.isEmpty()) {
            return;
        }
        if (signal == Signal.TERM || signal == Signal.KILL) {
            // ProcessHandle signals without starting a process: the fast path for the common stop.
            for (Entry target : targets) {
                ProcessHandle.of(target.pid()).ifPresent(handle -> {
                    if (signal == Signal.KILL) {
                        handle.destroyForcibly();
                    } else {
                        handle.destroy();
                    }
                });
            }
            return;
        }
        // The shell's own kill: /bin/kill is not in every image, /bin/sh is.
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "kill -s " + signal.name() + " \"$@\"", "kill"));
        targets.forEach(target -> command.add(Long.toString(target.pid())));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                // Some targets may have ended meanwhile: kill then says so and exits 1.
                LOG.debug("kill -s {} exited {}: {}", signal.name(), kill.isAlive() ? "late" : kill.exitValue(),
                        new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run /bin/sh to send " + signal + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendQuietly(Signal signal, List<Entry> targets) {
        try {
            send(signal, targets);
        } catch (RuntimeException e) {
            LOG.warn("cannot send {} to processes {}: {}", signal, pids(targets), e.getMessage());
        }
    }

    private List<Entry> fromProcessHandles() {
        // Without /proc (not Linux): the live tree as the JDK sees it; orphans cannot be found.
        return ProcessHandle.of(rootPid).stream()
                .flatMap(root -> Stream.concat(Stream.of(root), root.descendants()))
                .filter(ProcessHandle::isAlive)
                .map(handle -> new Entry(handle.pid(), handle.parent().map(ProcessHandle::pid).orElse(0L), 0, 'R', 0))
                .toList();
    }

    private static boolean contains(List<Entry> entries, Entry entry) {
        return entries.stream().anyMatch(e -> e.pid() == entry.pid() && e.startTicks() == entry.startTicks());
    }

    private static String pids(List<Entry> entries) {
        return entries.stream().map(e -> Long.toString(e.pid())).collect(Collectors.joining(" "));
    }

    private static Path findSetsid() {
        Optional<Path> setsid = Programs.onPath("setsid");
        if (setsid.isEmpty()) {
            LOG.warn("setsid is not on the PATH (util-linux): processes re-parented away from a command's tree "
                    + "cannot be found when it is stopped");
        }
        return setsid.orElse(null);
    }

    private static void pause() {
        // Polling is the only portable way to wait for processes that are not our children.
        long deadline = System.nanoTime() + POLL_NANOS;
        while (System.nanoTime() < deadline) {
            try {
                TimeUnit.NANOSECONDS.sleep(deadline - System.nanoTime());
            } catch (InterruptedException e) {
                // A second stop request while stopping: this stop goes on.
            }
        }
    }
}
