package io.github.jobruntime.bench;

import io.github.jobruntime.JobState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * ABORT to the end of a process tree in run mode: {@code job-runtime.jar run -- bash -c TREE}, where TREE
 * starts children that each start grandchildren, every process writing its pid to a file and waiting. Once all
 * pids are there and the page shows RUNNING, ABORT is appended as the platform does, and /proc and result.txt are
 * watched every 0.5 ms until every process of the tree is gone (a zombie counts as gone: it runs no more) and
 * result.txt is no longer {@code UNSET}.
 */
final class RunModeStop implements Section {

    private static final int CHILDREN = 3;
    private static final int GRANDCHILDREN_EACH = 2;
    private static final int PROCESSES = 1 + CHILDREN * (1 + GRANDCHILDREN_EACH);
    /** bash -c TREE tree PIDFILE: every process appends its pid to $1, then waits; all of them end on SIGTERM. */
    private static final String TREE = "child() { for g in $(seq " + GRANDCHILDREN_EACH + "); do sleep 600 & "
            + "echo $! >> \"$1\"; done; echo $BASHPID >> \"$1\"; wait; }; "
            + "for c in $(seq " + CHILDREN + "); do child \"$1\" & done; echo $$ >> \"$1\"; wait";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** A process of the tree; {@code startTicks} tells it from a later process that got the same pid. */
    private record Member(long pid, long startTicks) {

        static Member of(long pid) {
            String[] stat = stat(pid);
            if (stat == null || gone(stat)) {
                throw new HarnessException("process " + pid + " of the tree ended before ABORT was sent");
            }
            return new Member(pid, Long.parseLong(stat[19]));
        }

        boolean gone() {
            String[] stat = stat(pid);
            return stat == null || gone(stat) || Long.parseLong(stat[19]) != startTicks;
        }

        private static boolean gone(String[] stat) {
            return stat[0].equals("Z") || stat[0].equals("X");
        }

        /** The fields of /proc/PID/stat after the command name (state first), or null when there is no such process. */
        private static String[] stat(long pid) {
            try {
                return ProcStat.fields(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
            } catch (IOException e) {
                // No such file, or ESRCH ("No such process") when the process is reaped while being read.
                return null;
            }
        }
    }

    private record Sample(double treeGoneMillis, double resultMillis) {

        double bothMillis() {
            return Math.max(treeGoneMillis, resultMillis);
        }
    }

    private final Plan plan;
    private final Workspace workspace;
    private final Path launcher;

    RunModeStop(Plan plan, Workspace workspace, Path launcher) {
        this.plan = plan;
        this.workspace = workspace;
        this.launcher = launcher;
    }

    @Override
    public String name() {
        return "runstop";
    }

    @Override
    public String title() {
        return "ABORT -> process tree gone and result.txt final, run mode";
    }

    @Override
    public void measure(Report report) throws Exception {
        List<Double> both = new ArrayList<>();
        List<Double> tree = new ArrayList<>();
        List<Double> result = new ArrayList<>();
        for (int i = 0; i < plan.runStopRuns(); i++) {
            Sample sample = once(i);
            both.add(sample.bothMillis());
            tree.add(sample.treeGoneMillis());
            result.add(sample.resultMillis());
        }
        Stats stats = Stats.of(both);
        Stats gone = Stats.of(tree);
        report.add(Row.of("ABORT appended -> all " + PROCESSES + " processes of a TERM-respecting tree gone, "
                + "`job-runtime.jar run -- bash -c TREE`", gone.median(), gone.spread("ms"),
                Budget.atMost(100, "ms").gatedAt(150)));
        report.add(Row.of("ABORT appended -> that tree gone and result.txt final", stats.median(),
                stats.spread("ms"), Budget.atMost(100, "ms")));
        report.note("run-mode stop: the tree is bash, " + CHILDREN + " bash children and " + GRANDCHILDREN_EACH
                + " `sleep 600` under each; pids and result.txt checked every 0.5 ms; result.txt final alone "
                + Stats.of(result).spread("ms") + ".");
    }

    private Sample once(int i) throws Exception {
        RunFolder run = workspace.run("runstop-" + i);
        Path pidFile = run.dir().resolve("pids.txt");
        List<Object> args = List.of("run", "--service-dir", run.service(), "--", "bash", "-c", TREE, "tree", pidFile);
        try (Child job = Child.start(Jvm.jar(launcher, List.of(), args.toArray()), run)) {
            job.await("status.html shows RUNNING and all " + PROCESSES + " pids are in " + pidFile, START_TIMEOUT,
                    () -> run.platform().page().state().orElse(null) == JobState.RUNNING
                            && RunFolder.readOrEmpty(pidFile).lines().count() == PROCESSES);
            List<Member> members = new ArrayList<>();
            for (String pid : Files.readAllLines(pidFile)) {
                members.add(Member.of(Long.parseLong(pid.strip())));
            }
            long appended = System.nanoTime();
            run.platform().send("ABORT");
            long treeGone = 0;
            long resultFinal = 0;
            while (treeGone == 0 || resultFinal == 0) {
                long now = System.nanoTime();
                if (treeGone == 0 && allGone(members)) {
                    treeGone = now;
                }
                if (resultFinal == 0 && run.platform().result().isPresent()) {
                    resultFinal = now;
                }
                if (now - appended > STOP_TIMEOUT.toNanos()) {
                    throw job.failure("not within " + STOP_TIMEOUT.toSeconds() + " s of ABORT:"
                            + (treeGone == 0 ? " processes of the tree still running;" : "")
                            + (resultFinal == 0 ? " result.txt still UNSET" : ""));
                }
                LockSupport.parkNanos(Child.POLL_NANOS);
            }
            job.expectExit(0, STOP_TIMEOUT);
            return new Sample((treeGone - appended) / 1e6, (resultFinal - appended) / 1e6);
        }
    }

    private static boolean allGone(List<Member> members) {
        for (Member member : members) {
            if (!member.gone()) {
                return false;
            }
        }
        return true;
    }
}
