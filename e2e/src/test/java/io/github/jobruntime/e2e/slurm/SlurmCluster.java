package io.github.jobruntime.e2e.slurm;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A single-node Slurm cluster on loopback, all of it in one temp folder: its own munge key and socket, a minimal
 * slurm.conf without cgroups ({@code proctrack/linuxproc}, {@code task/none}) with the local host as controller
 * and compute node, and munged, slurmctld and slurmd running in the foreground as children of the test JVM.
 */
final class SlurmCluster implements AutoCloseable {

    /** Programs the cluster and the tests run; the daemons live in sbin, which a user's PATH may lack. */
    static final List<String> PROGRAMS = List.of(
            "munged", "slurmctld", "slurmd", "sbatch", "srun", "squeue", "scancel", "sinfo", "scontrol");
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

    /** Job states after which nothing of the job runs any more (squeue shows COMPLETING until then). */
    private static final Set<String> ENDED = Set.of("COMPLETED", "CANCELLED", "FAILED", "TIMEOUT", "NODE_FAIL",
            "PREEMPTED", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE");

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    private static final int LOG_TAIL_LINES = 30;

    private final Path root;
    private final Map<String, Path> programs;
    private final String node;
    private final List<Daemon> daemons = new ArrayList<>();

    private SlurmCluster(Path root, Map<String, Path> programs, String node) {
        this.root = root;
        this.programs = programs;
        this.node = node;
    }

    /** {@return the programs of {@link #PROGRAMS} that are neither on the PATH nor in an sbin folder} */
    static List<String> missingPrograms() {
        return PROGRAMS.stream().filter(name -> locate(name).isEmpty()).toList();
    }

    /** Sets up and starts the cluster in a new temp folder and waits until its node is idle. */
    static SlurmCluster start() {
        Map<String, Path> programs = new LinkedHashMap<>();
        for (String name : PROGRAMS) {
            programs.put(name, locate(name).orElseThrow(() -> new IllegalStateException(
                    "cannot set up Slurm: " + name + " not found on the PATH nor in " + SBIN)));
        }
        Path root;
        try {
            root = Files.createTempDirectory("jobruntime-slurm-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up Slurm: cannot create a temp folder", e);
        }
        SlurmCluster cluster = new SlurmCluster(root, programs, shortHostName());
        try {
            cluster.boot();
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void boot() {
        Path munge = root.resolve("munge");
        Path socket = munge.resolve("munge.socket");
        Path key = munge.resolve("munge.key");
        try {
            // munged insists that every folder above its socket is open to all, and that the key is not.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectories(munge);
            Files.setPosixFilePermissions(munge, PosixFilePermissions.fromString("rwxr-xr-x"));
            byte[] secret = new byte[1024];
            new SecureRandom().nextBytes(secret);
            Files.write(key, secret);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
            for (String dir : List.of("log", "state", "spool", "run")) {
                Files.createDirectories(root.resolve(dir));
            }
            Files.writeString(conf(), slurmConf(socket, freePort(), freePort()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up Slurm: cannot write its files in " + root, e);
        }

        Daemon munged = startDaemon("munged", "-F", "--key-file=" + key, "--socket=" + socket,
                "--pid-file=" + root.resolve("run/munged.pid"), "--seed-file=" + munge.resolve("munged.seed"),
                "--log-file=" + root.resolve("log/munged-file.log"));
        awaitSetup("munged to create its socket " + socket, () -> Files.exists(socket), munged);

        Daemon slurmctld = startDaemon("slurmctld", "-D", "-f", conf().toString());
        awaitSetup("slurmctld to answer scontrol ping",
                () -> runUnchecked(List.of("scontrol", "ping"), Map.of()).out().contains("is UP"), slurmctld);

        Daemon slurmd = startDaemon("slurmd", "-D", "-f", conf().toString());
        awaitSetup("node " + node + " to be idle (sinfo)", () -> "idle".equals(nodeState()), slurmctld, slurmd);
    }

    private String slurmConf(Path mungeSocket, int controllerPort, int nodePort) {
        return """
                ClusterName=jobruntime
                SlurmctldHost=%1$s(127.0.0.1)
                SlurmctldPort=%2$d
                SlurmdPort=%3$d
                SlurmUser=root
                SlurmdUser=root
                AuthType=auth/munge
                CredType=cred/munge
                AuthInfo=socket=%4$s
                StateSaveLocation=%5$s/state
                SlurmdSpoolDir=%5$s/spool
                SlurmctldPidFile=%5$s/run/slurmctld.pid
                SlurmdPidFile=%5$s/run/slurmd.pid
                MailProg=/bin/true
                # No cgroups: they are not writable in containers, and the point is Slurm's signals.
                ProctrackType=proctrack/linuxproc
                TaskPlugin=task/none
                JobAcctGatherType=jobacct_gather/none
                AccountingStorageType=accounting_storage/none
                JobCompType=jobcomp/none
                SelectType=select/cons_tres
                SelectTypeParameters=CR_CPU
                SchedulerType=sched/builtin
                MpiDefault=none
                ReturnToService=2
                # Slurm's default delay from SIGTERM to SIGKILL, which jobs must never reach.
                KillWait=30
                # A job ends at its time limit, not later (Slurm checks the limits every 30 s).
                OverTimeLimit=0
                # More CPUs than the machine has, so that jobs that mostly wait run side by side.
                SlurmdParameters=config_overrides
                NodeName=%1$s NodeAddr=127.0.0.1 CPUs=8 RealMemory=1000 State=UNKNOWN
                PartitionName=debug Nodes=%1$s Default=YES MaxTime=INFINITE State=UP
                """.formatted(node, controllerPort, nodePort, mungeSocket, root);
    }

    private Path conf() {
        return root.resolve("slurm.conf");
    }

    /**
     * Submits a batch job; {@code arguments} are sbatch's options, the script and the script's arguments.
     * {@code env} is added to the job's environment (sbatch passes its own environment on).
     *
     * @return the job id
     */
    String sbatch(Map<String, String> env, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(arguments);
        String out = run(command, env).out().strip();
        int semicolon = out.indexOf(';');
        return semicolon < 0 ? out : out.substring(0, semicolon);
    }

    /** {@return the job's state as squeue shows it, e.g. RUNNING, COMPLETING, CANCELLED, TIMEOUT} */
    String state(String jobId) {
        return run(List.of("squeue", "--noheader", "--states=all", "--jobs=" + jobId, "--format=%T")).out().strip();
    }

    /** {@return whether the job has ended and Slurm has finished with it} */
    boolean ended(String jobId) {
        return ENDED.contains(state(jobId));
    }

    /** Cancels the job as a user does. */
    void scancel(String jobId) {
        run(List.of("scancel", jobId));
    }

    /** {@return the ids of the job's processes on the node, as Slurm's process tracking sees them} */
    List<Long> pids(String jobId) {
        return run(List.of("scontrol", "listpids", jobId)).out().lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && Character.isDigit(line.charAt(0)))
                .map(line -> Long.parseLong(line.split("\\s+", -1)[0]))
                .toList();
    }

    /** {@return what Slurm knows about the job, for failure messages} */
    String describe(String jobId) {
        Output show = runUnchecked(List.of("scontrol", "show", "job", jobId), Map.of());
        return show.out() + show.err();
    }

    private String nodeState() {
        return runUnchecked(List.of("sinfo", "--noheader", "--nodes=" + node, "--format=%t"), Map.of()).out().strip();
    }

    /** Waits for a setup step; a daemon that exits or a timeout fails with what failed and the daemons' logs. */
    private void awaitSetup(String what, BooleanSupplier done, Daemon... watched) {
        try {
            await().atMost(SETUP_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                for (Daemon daemon : watched) {
                    if (!daemon.process().isAlive()) {
                        throw new IllegalStateException("cannot set up Slurm: " + daemon.name()
                                + " exited with code " + daemon.process().exitValue() + " while waiting for "
                                + what + "\n" + logs(watched));
                    }
                }
                return done.getAsBoolean();
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("cannot set up Slurm: waited " + SETUP_TIMEOUT.toSeconds() + " s for "
                    + what + " in vain\n" + logs(watched));
        }
    }

    private static String logs(Daemon... daemons) {
        return Arrays.stream(daemons).map(Daemon::tail).collect(Collectors.joining("\n"));
    }

    private Daemon startDaemon(String name, String... args) {
        List<String> command = new ArrayList<>();
        command.add(programs.get(name).toString());
        command.addAll(List.of(args));
        Path log = root.resolve("log").resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SLURM_CONF", conf().toString());
        try {
            Daemon daemon = new Daemon(name, builder.start(), log);
            daemons.add(daemon);
            return daemon;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up Slurm: cannot start " + command, e);
        }
    }

    /** A daemon in the foreground, its stdout and stderr in {@code log}. */
    private record Daemon(String name, Process process, Path log) {

        String tail() {
            List<String> lines;
            try {
                lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                lines = List.of();
            } catch (IOException e) {
                return "(" + log + " unreadable: " + e.getMessage() + ")";
            }
            List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
            return "--- last " + tail.size() + " lines of " + log + " ---\n" + String.join("\n", tail);
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private record Output(int exitCode, String out, String err) {
    }

    private Output run(List<String> command) {
        return run(command, Map.of());
    }

    private Output run(List<String> command, Map<String, String> env) {
        Output output = runUnchecked(command, env);
        if (output.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                    + output.exitCode() + ": " + output.err().strip() + output.out().strip());
        }
        return output;
    }

    private Output runUnchecked(List<String> command, Map<String, String> env) {
        List<String> resolved = new ArrayList<>(command);
        resolved.set(0, programs.get(command.get(0)).toString());
        ProcessBuilder builder = new ProcessBuilder(resolved);
        builder.environment().putAll(env);
        builder.environment().put("SLURM_CONF", conf().toString());
        try {
            Process process = builder.start();
            // Both streams read aside, so that the timeout holds even for a command that hangs with them open.
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            return new Output(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + resolved, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + resolved, e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cancels what still runs, stops the daemons (even after a failed setup) and removes the temp folder. */
    @Override
    public void close() {
        if (daemons.size() == 3 && daemons.stream().allMatch(d -> d.process().isAlive())) {
            cancelRemainingJobs();
        }
        for (int i = daemons.size() - 1; i >= 0; i--) {
            daemons.get(i).stop();
        }
        daemons.clear();
        deleteRecursively(root);
    }

    private void cancelRemainingJobs() {
        try {
            List<String> running = run(List.of("squeue", "--noheader", "--format=%i")).out().lines()
                    .map(String::strip).filter(id -> !id.isEmpty()).toList();
            if (running.isEmpty()) {
                return;
            }
            List<String> command = new ArrayList<>(List.of("scancel"));
            command.addAll(running);
            run(command);
            await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200))
                    .until(() -> running.stream().allMatch(this::ended));
        } catch (RuntimeException e) {
            // Teardown goes on: the daemons must stop whatever happened to the jobs.
            System.err.println("slurm teardown: could not cancel the remaining jobs: " + e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("slurm teardown: could not remove " + dir + ": " + e);
        }
    }

    private static Optional<Path> locate(String name) {
        Stream<String> path = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"));
        return Stream.concat(path, SBIN.stream())
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The node name slurmd uses: the host name up to its first dot. */
    private static String shortHostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up Slurm: cannot read the host name", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
