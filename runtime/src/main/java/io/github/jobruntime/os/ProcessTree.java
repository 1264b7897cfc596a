package io.github.jobruntime.os;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.os.ProcessTable.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * A command and every process it started: its descendants, the members of the session it leads (which keeps
 * the grandchildren whose parent already died, as those are re-parented away from the tree), every process
 * that carries the command's {@link #COOKIE} in its environment (which finds the daemons that left the session
 * too), and, where this JVM is a {@link ChildSubreaper child subreaper}, the orphans re-parented to it (which finds
 * the processes that left the session and dropped the cookie). Processes seen once are remembered, so that a child
 * orphaned by the first signal still gets the KILL. A process is known by its pid and start time, never by its pid
 * alone.
 */
public final class ProcessTree implements ProcessSource {

    /**
     * The environment variable that marks every process a command starts, inherited through forks, new sessions
     * and re-parenting; its value is unique to the command (an enclosing launcher's value stays in front of it).
     */
    public static final String COOKIE = "JOB_RUNTIME_COOKIE";

    private static final Logger LOG = Logs.get(ProcessTree.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long RESCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);
    private static final Duration REAP_WAIT = Duration.ofMillis(500);
    private static final Duration LONGEST_DELAY = Duration.ofDays(1);

    private static final Path SETSID = findSetsid();
    private static final long SELF = ProcessHandle.current().pid();
    /** This JVM's session, which a process of a command started in a session of its own never joins again. */
    private static final long SELF_SESSION = ProcessTable.available()
            ? ProcessTable.read(SELF).map(Entry::session).orElse(-1L) : -1L;
    /**
     * The pids of the commands this JVM started and has not reaped yet, of every tree: children of this JVM, but not
     * orphans of a tree, and the JDK's to wait for. Guarded by itself.
     */
    private static final Set<Long> ROOTS = new HashSet<>();

    private final Process root;
    private final long rootPid;
    private final long rootStartTicks;
    private final boolean sessionLeader;
    private final String cookie;
    /** Whether this JVM was a child subreaper when the command started: then its orphans come back to it. */
    private final boolean adopts;
    private final Map<ProcessTable.Id, Entry> seen = new HashMap<>();
    /** The members of the tree that were found as orphans re-parented to this JVM. */
    private final Set<ProcessTable.Id> orphans = new HashSet<>();
    /** The members of the tree found as orphans, whose environment lacked the cookie. */
    private final Set<ProcessTable.Id> withoutCookie = new HashSet<>();
    /** The processes outside the tree at the last full scan, by pid. */
    private Map<Long, ProcessTable.Sighting> outsiders = Map.of();
    /** Processes whose environment was read once and lacks the cookie: not read again. */
    private final Set<ProcessTable.Id> strangers = new HashSet<>();

    private ProcessTree(Process root, String cookie, boolean adopts) {
        this.root = root;
        this.rootPid = root.pid();
        // Processes older than the command cannot carry its cookie: their environments need no reading. When the
        // command ended before it could be looked at, every environment is read.
        this.rootStartTicks = ProcessTable.available() ? ProcessTable.read(rootPid).map(Entry::startTicks).orElse(0L)
                : 0L;
        this.sessionLeader = SETSID != null;
        this.cookie = cookie;
        this.adopts = adopts;
    }

    /**
     * {@return the tree of {@code builder}'s command, started in a session of its own and marked with a new
     * {@link #COOKIE}} The builder's command and environment are changed to that end. Without {@code setsid} on
     * the PATH the command starts in the launcher's session, with a warning; its processes that leave the tree
     * are then found by the cookie alone.
     *
     * @throws IOException when the command cannot be started
     */
    public static ProcessTree start(ProcessBuilder builder) throws IOException {
        String cookie = ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        if (SETSID != null) {
            List<String> wrapped = new ArrayList<>(List.of(SETSID.toString()));
            wrapped.addAll(builder.command());
            builder.command(wrapped);
        }
        builder.environment().merge(COOKIE, cookie, (outer, own) -> outer + ":" + own);
        // Before the start: an orphan made in the command's first moments must come back to this JVM too.
        long waiting = System.nanoTime();
        Optional<String> notSubreaper = ChildSubreaper.enable();
        LOG.debug("waited {} ms for the child subreaper", (System.nanoTime() - waiting) / 1_000_000);
        Process process;
        synchronized (ROOTS) {
            // Under the lock: a scan of another tree must not take this command for an orphan before it is listed.
            process = builder.start();
            ROOTS.add(process.pid());
        }
        long pid = process.pid();
        // Nothing completes it exceptionally: the JDK's reaper completes it when it has waited for the command.
        var unused = process.onExit().thenRun(() -> {
            synchronized (ROOTS) {
                ROOTS.remove(pid);
            }
        });
        notSubreaper.ifPresent(why -> LOG.info("a process of the command that leaves its session and drops {} "
                + "cannot be found: this JVM is not a child subreaper ({})", COOKIE, why));
        return new ProcessTree(process, cookie, notSubreaper.isEmpty());
    }

    /**
     * Makes this JVM a child subreaper on a thread of its own, where that has work to do: linking {@code prctl} takes a
     * cold JVM a while, so that it goes on beside the rest of the start-up rather than before the command's start.
     */
    public static void prepare() {
        ChildSubreaper.prepare();
    }

    /** {@return the command's own process} */
    public Process process() {
        return root;
    }

    /** {@return how many processes of the tree are still running, zombies excluded} */
    public int running() {
        return alive().size();
    }

    /** {@return the processes of the tree that are still running, zombies excluded} */
    synchronized List<Entry> alive() {
        if (!ProcessTable.available()) {
            return fromProcessHandles();
        }
        // Processes outside the tree at the last scan stay outside (a session is never joined, a cookie never
        // gained, and a parent that was outside has no child in the tree): only the tree and the newcomers are read
        // again. The table reads again a pid that a later process took.
        List<ProcessTable.Sighting> sightings = ProcessTable.all(outsiders);
        Map<Long, Entry> byPid = new HashMap<>();
        Map<Long, List<Entry>> children = new HashMap<>();
        for (ProcessTable.Sighting sighting : sightings) {
            Entry entry = sighting.entry();
            byPid.put(entry.pid(), entry);
            children.computeIfAbsent(entry.parent(), parent -> new ArrayList<>()).add(entry);
        }
        Set<ProcessTable.Id> now = new HashSet<>();
        for (Entry entry : byPid.values()) {
            now.add(entry.id());
            if (seen.containsKey(entry.id())) {
                continue;
            }
            if (isRoot(entry) || inSession(entry) || carriesCookie(entry)) {
                seen.put(entry.id(), entry);
            } else if (strangers.contains(entry.id()) && orphan(entry)) {
                // Only once its environment was read without the cookie: one read in the middle of an exec shows
                // none, and a daemon that keeps the cookie is told as found by it.
                seen.put(entry.id(), entry);
                orphans.add(entry.id());
                withoutCookie.add(entry.id());
            }
        }
        strangers.retainAll(now);
        orphans.retainAll(now);
        // Descendants of the members running now; a child is never older than its parent, and a pid whose member
        // has ended may already name another process, whose children are not the tree's.
        ArrayDeque<Entry> queue = new ArrayDeque<>();
        for (Entry member : seen.values()) {
            if (now.contains(member.id())) {
                queue.add(member);
            }
        }
        while (!queue.isEmpty()) {
            Entry parent = queue.poll();
            for (Entry child : children.getOrDefault(parent.pid(), List.of())) {
                if (child.startTicks() >= parent.startTicks() && seen.putIfAbsent(child.id(), child) == null) {
                    queue.add(child);
                }
            }
        }
        Map<Long, ProcessTable.Sighting> outside = new HashMap<>();
        for (ProcessTable.Sighting sighting : sightings) {
            Entry entry = sighting.entry();
            // A process whose parent was not listed (it started after the listing passed its pid) may be the
            // tree's: it is read again next time.
            if (!seen.containsKey(entry.id()) && (entry.parent() == 0 || byPid.containsKey(entry.parent()))) {
                outside.put(entry.pid(), sighting);
            }
        }
        outsiders = outside;
        reapOrphans(byPid);
        return retainRunning(byPid::get);
    }

    /** {@return the ones among {@code entries} outside the session whose environment lacks the cookie now} */
    private synchronized Set<ProcessTable.Id> withoutCookie(List<Entry> entries) {
        Set<ProcessTable.Id> ids = new HashSet<>();
        for (Entry entry : entries) {
            if (withoutCookie.contains(entry.id())
                    || (sessionLeader && entry.session() != rootPid && !isRoot(entry) && lacksCookie(entry))) {
                ids.add(entry.id());
            }
        }
        return ids;
    }

    /** {@return whether a process's environment lacks the cookie; unknown counts as carrying it} */
    private boolean lacksCookie(Entry entry) {
        Optional<String> environ = ProcessTable.environ(entry.pid());
        return environ.isPresent() && !environ.get().isEmpty() && !ProcessTable.carries(environ.get(), COOKIE, cookie);
    }

    /** {@return whether the process is in the session the command leads; a session outlives its leader's pid} */
    private boolean inSession(Entry entry) {
        return sessionLeader && entry.session() == rootPid && entry.startTicks() >= rootStartTicks;
    }

    /**
     * {@return whether the process is an orphan of this tree that came back to this JVM} This JVM's children are the
     * commands it started, the helpers it runs in its own session, and the orphans of its commands' processes. An
     * orphan is taken for the tree's when it started after the command and left this JVM's session (which a command
     * started in a session of its own never joins again).
     */
    private boolean orphan(Entry entry) {
        return adopts && entry.parent() == SELF && entry.session() != SELF_SESSION
                && entry.startTicks() >= rootStartTicks && !isRootOfATree(entry.pid());
    }

    private static boolean isRootOfATree(long pid) {
        synchronized (ROOTS) {
            return ROOTS.contains(pid);
        }
    }

    private boolean isRoot(Entry entry) {
        return entry.pid() == rootPid && (rootStartTicks == 0 || entry.startTicks() == rootStartTicks);
    }

    /** Reaps the tree's orphans that ended: the JDK waits only for the processes it started. */
    private void reapOrphans(Map<Long, Entry> byPid) {
        for (ProcessTable.Id id : orphans) {
            Entry entry = byPid.get(id.pid());
            if (entry != null && entry.gone() && entry.parent() == SELF && !isRootOfATree(id.pid())) {
                ChildSubreaper.reap(id.pid());
            }
        }
    }

    /**
     * Reads the environment of a process not met before, and only once: a full scan meets every process of the
     * machine, and the fast poll reads none.
     */
    private boolean carriesCookie(Entry entry) {
        long pid = entry.pid();
        if (entry.startTicks() < rootStartTicks || entry.gone() || seen.containsKey(entry.id())
                || strangers.contains(entry.id())) {
            return false;
        }
        Optional<String> environ = ProcessTable.environ(pid);
        if (environ.isPresent() && environ.get().isEmpty()) {
            return false; // in the middle of an exec: read again on the next scan
        }
        boolean carries = environ.isPresent() && ProcessTable.carries(environ.get(), COOKIE, cookie);
        if (!carries) {
            strangers.add(entry.id());
        }
        return carries;
    }

    /** {@return the processes of the tree that are still running, for the resource sampler} */
    @Override
    public long[] pids() {
        return alive().stream().mapToLong(Entry::pid).toArray();
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
     * Sends {@code signal} to every process of the tree at once, waits until all are gone, and sends KILL to what is
     * left at {@code killAt}. New processes forked meanwhile get the signal too.
     */
    public StopReport stop(Signal signal, Instant killAt) {
        return stop(signal, Duration.ZERO, killAt);
    }

    /**
     * Sends {@code signal} to the command's own process first, and to the rest of the tree once that process has
     * ended or {@code restDelay} after, whichever comes first; waits until all are gone, and sends KILL to what is
     * left at {@code killAt}. The processes that the command's own process starts after its signal (a wrapper
     * script's trap) are its clean-up: they get the signal only when it has ended. New processes forked by the rest
     * get the signal too. A zero delay signals the whole tree at once.
     */
    public StopReport stop(Signal signal, Duration restDelay, Instant killAt) {
        if (restDelay.isNegative()) {
            throw new IllegalArgumentException("a negative delay for the rest of the tree: " + restDelay);
        }
        return end(Optional.of(signal), restDelay, killAt);
    }

    /**
     * Waits, without a signal, until every process of the tree is gone, and sends KILL to what is left at
     * {@code killAt}: for a command that was asked to stop otherwise, e.g. by a file it watches.
     */
    public StopReport awaitEnd(Instant killAt) {
        return end(Optional.empty(), Duration.ZERO, killAt);
    }

    /**
     * The order of a stop that signals the command's own process first: its turn lasts until it ends or the delay
     * has passed; then the rest of the tree gets the signal, but for what the top started after its own signal (its
     * clean-up), which gets it once the top has ended.
     */
    private final class TopFirst {
        private final Entry top;
        private final long restAt;
        /** The processes running when the top got the signal: the rest of the tree, not its clean-up. */
        private final Set<ProcessTable.Id> before = new HashSet<>();
        private final Set<ProcessTable.Id> cleanUp = new HashSet<>();
        private boolean restSignalled;
        private boolean topEnded;

        TopFirst(Entry top, List<Entry> running, long restDelayNanos) {
            this.top = top;
            this.restAt = System.nanoTime() + restDelayNanos;
            for (Entry entry : running) {
                before.add(entry.id());
            }
        }

        /** {@return whether the turn changed since the last call: the top ended, or the delay passed} */
        boolean turned(List<Entry> running) {
            if (topEnded) {
                return false;
            }
            if (!contains(running, top)) {
                topEnded = true;
                LOG.debug("the command's process {} ended: the signal goes to the rest of the tree", top.pid());
                return true;
            }
            if (!restSignalled && System.nanoTime() - restAt >= 0) {
                restSignalled = true;
                LOG.info("the command's process {} still runs after the signal: the signal goes to the rest of its "
                        + "tree too, but for what it started since", top.pid());
                return true;
            }
            return false;
        }

        /** Notes, among {@code running}, what the top started since its signal, and their descendants. */
        void classify(List<Entry> running) {
            if (topEnded) {
                return;
            }
            List<Entry> newcomers = new ArrayList<>();
            Map<Long, Entry> byPid = new HashMap<>();
            for (Entry entry : running) {
                byPid.put(entry.pid(), entry);
                if (!before.contains(entry.id()) && !cleanUp.contains(entry.id())) {
                    newcomers.add(entry);
                }
            }
            // Parents first: a child is never older than its parent.
            newcomers.sort((a, b) -> Long.compare(a.startTicks(), b.startTicks()));
            for (Entry entry : newcomers) {
                Entry parent = byPid.get(entry.parent());
                if (entry.parent() == top.pid() || (parent != null && cleanUp.contains(parent.id()))) {
                    cleanUp.add(entry.id());
                }
            }
        }

        /** {@return whether {@code entry} gets the signal now} */
        boolean due(Entry entry) {
            if (topEnded) {
                return true;
            }
            if (isRoot(entry)) {
                return true;
            }
            return restSignalled && !cleanUp.contains(entry.id());
        }

        /** The top cannot be signalled: its turn is over. */
        void refused() {
            topEnded = true;
        }
    }

    private StopReport end(Optional<Signal> signal, Duration restDelay, Instant killAt) {
        // Plain loops from here to the result: each stream's first use costs milliseconds in a cold launcher.
        long start = System.nanoTime();
        List<Entry> targets = alive();
        Set<ProcessTable.Id> denied = new HashSet<>();
        Set<ProcessTable.Id> sent = new HashSet<>();
        // Told apart while they run: a process found by the cookie or the session may have dropped both since.
        Set<ProcessTable.Id> hidden = withoutCookie(targets);
        TopFirst order = null;
        if (signal.isPresent() && !restDelay.isZero()) {
            // A delay past any grace is one that never comes; capped, so that its nanoseconds cannot overflow.
            long restDelayNanos = (restDelay.compareTo(LONGEST_DELAY) > 0 ? LONGEST_DELAY : restDelay).toNanos();
            for (Entry entry : targets) {
                if (isRoot(entry)) {
                    order = new TopFirst(entry, targets, restDelayNanos);
                }
            }
        }
        try {
            if (signal.isPresent()) {
                Set<ProcessTable.Id> refused = send(signal.get(), due(targets, order, sent));
                denied.addAll(refused);
                if (order != null && refused.contains(order.top.id())) {
                    order.refused();
                    denied.addAll(send(signal.get(), due(targets, order, sent)));
                }
            }
        } catch (RuntimeException e) {
            // The KILL at the end of the grace needs no outside program: a failed first signal must not skip it.
            LOG.error("cannot send {} to the command's processes ({}); they get SIGKILL at the end of the grace",
                    signal.get(), e.getMessage());
            order = null;
        }
        List<Entry> running = targets; // as the last full scan saw them
        long lastScan = System.nanoTime();
        List<Entry> left = without(running, denied);
        while (!left.isEmpty() && Instant.now().isBefore(killAt)) {
            pause();
            left = without(knownAlive(), denied);
            if (order != null && order.turned(left) && signal.isPresent()) {
                // The processes this stop's scans found, without a scan of its own: the next one, on its schedule,
                // finds and sorts out those forked since (a resource sample may have seen some already).
                List<Entry> found = new ArrayList<>();
                for (Entry entry : left) {
                    if (contains(targets, entry)) {
                        found.add(entry);
                    }
                }
                denied.addAll(sendQuietly(signal.get(), due(found, order, sent)));
                left = without(left, denied);
            }
            // "All gone" only after a full scan: it finds what was forked, or left the session, since the last one.
            if (left.isEmpty() || System.nanoTime() - lastScan > RESCAN_NANOS) {
                running = alive();
                List<Entry> newcomers = new ArrayList<>();
                for (Entry entry : running) {
                    if (!contains(targets, entry)) {
                        newcomers.add(entry);
                    }
                }
                if (!newcomers.isEmpty()) {
                    hidden.addAll(withoutCookie(newcomers));
                    targets.addAll(newcomers);
                }
                if (order != null) {
                    order.turned(running);
                    order.classify(running);
                }
                if (signal.isPresent()) {
                    denied.addAll(sendQuietly(signal.get(), due(running, order, sent)));
                }
                left = without(running, denied);
                lastScan = System.nanoTime();
            }
        }
        int killed = 0;
        if (!left.isEmpty()) {
            running = alive();
            left = without(running, denied);
            killed = left.size();
            LOG.warn("{} process(es) of the command still running at the end of the grace: sending SIGKILL to {}",
                    killed, pids(left));
            long killDeadline = System.nanoTime() + AFTER_KILL.toNanos();
            while (!left.isEmpty() && System.nanoTime() < killDeadline) {
                denied.addAll(send(Signal.KILL, left));
                pause();
                running = alive();
                left = without(running, denied);
            }
        }
        List<StopReport.NotStopped> notStopped = new ArrayList<>();
        boolean rootRuns = false;
        for (Entry entry : running) {
            notStopped.add(new StopReport.NotStopped(entry.pid(), denied.contains(entry.id())
                    ? "not permitted to signal it: it runs as another user" : "survived SIGKILL: uninterruptible I/O?"));
            rootRuns |= isRoot(entry);
        }
        if (!notStopped.isEmpty()) {
            LOG.error("processes {} of the command could not be stopped; they may outlive this job", notStopped);
        }
        int outside = 0;
        for (Entry target : targets) {
            outside += hidden.contains(target.id()) || (sessionLeader && target.session() != rootPid) ? 1 : 0;
        }
        String caveat;
        if (!ProcessTable.available()) {
            caveat = "without /proc, processes that left the command's tree could not be looked for";
        } else if (!adopts) {
            caveat = "processes that left its session and dropped " + COOKIE + " from their environment cannot be "
                    + "seen from here";
        } else {
            caveat = "";
        }
        return new StopReport(signal, targets.size(), outside, hidden.size(),
                Duration.ofNanos(System.nanoTime() - start), killed, notStopped,
                rootRuns ? OptionalInt.empty() : exitCode(), caveat);
    }

    /** {@return the command's exit code once it has been reaped, which follows its end within moments} */
    private OptionalInt exitCode() {
        try {
            if (root.waitFor(REAP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return OptionalInt.of(root.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalInt.empty();
    }

    /** Sends {@code signal} to the command's own process only. */
    public void signalRoot(Signal signal) {
        List<Entry> root = alive().stream().filter(this::isRoot).toList();
        if (root.isEmpty()) {
            throw new IllegalStateException("the command is not running");
        }
        send(signal, root);
    }

    /**
     * {@return the processes that refused the signal (EPERM), as far as this can tell} A target whose pid now names
     * a later process is left alone.
     */
    private static Set<ProcessTable.Id> send(Signal signal, List<Entry> targets) {
        if (targets.isEmpty()) {
            return Set.of();
        }
        if (signal == Signal.TERM || signal == Signal.KILL) {
            // ProcessHandle signals without starting a process: the fast path for the common stop. The handle
            // holds the start time of the process it found, and signals nothing else; checked against the target's
            // after it was taken, the handle is the target's.
            Set<ProcessTable.Id> refused = new HashSet<>();
            for (Entry target : targets) {
                ProcessHandle.of(target.pid()).filter(handle -> same(target)).ifPresent(handle -> {
                    boolean sent = signal == Signal.KILL ? handle.destroyForcibly() : handle.destroy();
                    if (!sent && handle.isAlive()) {
                        refused.add(target.id());
                    }
                });
            }
            return refused;
        }
        // The shell's own kill: /bin/kill is not in every image, /bin/sh is. By pid: the check just before it
        // leaves the moments of a kill(1) for a pid to be taken by a later process.
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", "kill -s " + signal.name() + " \"$@\"", "kill"));
        for (Entry target : targets) {
            if (same(target)) {
                command.add(Long.toString(target.pid()));
            }
        }
        if (command.size() == 4) {
            return Set.of();
        }
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
        return Set.of();
    }

    /** {@return whether the target's pid still names the target, as far as this system can tell} */
    private static boolean same(Entry target) {
        return !ProcessTable.available()
                || ProcessTable.read(target.pid()).map(now -> now.startTicks() == target.startTicks()).orElse(false);
    }

    private static Set<ProcessTable.Id> sendQuietly(Signal signal, List<Entry> targets) {
        try {
            return send(signal, targets);
        } catch (RuntimeException e) {
            LOG.warn("cannot send {} to processes {}: {}", signal, pids(targets), e.getMessage());
            return Set.of();
        }
    }

    /** {@return the ones among {@code entries} that get the signal now and have not had it yet, noted as sent} */
    private static List<Entry> due(List<Entry> entries, TopFirst order, Set<ProcessTable.Id> sent) {
        List<Entry> due = new ArrayList<>();
        for (Entry entry : entries) {
            if ((order == null || order.due(entry)) && sent.add(entry.id())) {
                due.add(entry);
            }
        }
        return due;
    }

    private static List<Entry> without(List<Entry> entries, Set<ProcessTable.Id> ids) {
        if (ids.isEmpty()) {
            return entries;
        }
        List<Entry> rest = new ArrayList<>(entries);
        rest.removeIf(e -> ids.contains(e.id()));
        return rest;
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
        for (Entry e : entries) {
            if (e.pid() == entry.pid() && e.startTicks() == entry.startTicks()) {
                return true;
            }
        }
        return false;
    }

    private static String pids(List<Entry> entries) {
        return entries.stream().map(e -> Long.toString(e.pid())).collect(Collectors.joining(" "));
    }

    private static Path findSetsid() {
        Optional<Path> setsid = Programs.onPath("setsid");
        if (setsid.isEmpty()) {
            LOG.warn("setsid is not on the PATH (util-linux): commands run in the launcher's session, and their "
                    + "processes re-parented away are found by " + COOKIE + " alone");
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
