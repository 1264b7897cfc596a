package io.github.jobruntime.e2e.slurm;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.jobruntime.JobState;
import io.github.jobruntime.Platform;
import io.github.jobruntime.e2e.Shell;
import io.github.jobruntime.testkit.Pids;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The launcher and the examples as Slurm batch jobs on a real single-node cluster: every ending (completion,
 * scancel, the wall-time limit, an early-warning signal) writes the final page and result, and nothing of the
 * job outlives it. The cases run side by side, since most of their time is spent waiting for Slurm.
 */
@Tag("slurm")
@ExtendWith(SlurmClusterExtension.class)
@Execution(ExecutionMode.CONCURRENT)
class Launcher_SlurmTest {

    private static final Path REPO = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Path RUNTIME_JAR = REPO.resolve("launcher/target/job-runtime.jar");
    private static final Path WAITER_JAR = REPO.resolve("examples/waiter/target/waiter.jar");
    private static final Path ABORTABLE_WAITER_JAR = REPO.resolve("examples/abortable_waiter/target/abortable_waiter.jar");

    /** Slurm sends SIGKILL this long after SIGTERM (KillWait); a job must be over far sooner. */
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);
    private static final Duration FAR_BELOW_KILL_WAIT = Duration.ofSeconds(10);
    /** A 1-minute limit, plus up to 30 s until Slurm's periodic time-limit check, plus start-up. */
    private static final Duration WALL_TIME_JOB = Duration.ofSeconds(150);

    @TempDir
    Path dir;

    private record Job(String id, Path folder) {
        Path service() {
            return folder.resolve("service");
        }

        Path output() {
            return folder.resolve("slurm.out");
        }
    }

    @Test
    void waiterRunsToCompletion(SlurmCluster slurm) {
        Job job = submitApp(slurm, "exec", WAITER_JAR, List.of(), "2");

        awaitEnd(slurm, job, Duration.ofSeconds(60));

        assertEquals("COMPLETED", slurm.state(job.id()), details(slurm, job));
        assertEquals("Done. I have waited 2 seconds.", Platform.at(job.service()).result().orElse(""),
                details(slurm, job));
        assertEquals(JobState.SUCCEEDED, Platform.at(job.service()).page().state().orElse(null));
        assertTrue(Platform.at(job.service()).page().html().contains("Done. I have waited 2 seconds."));
    }

    @Test
    void scancelCancelsTheAbortableWaiterLongBeforeKillWait(SlurmCluster slurm) {
        Job job = submitApp(slurm, "exec", ABORTABLE_WAITER_JAR, List.of(), "600");
        awaitRunning(slurm, job, () -> Platform.at(job.service()).page().done().orElse(-1) >= 1);
        Set<Long> processes = new LinkedHashSet<>(slurm.pids(job.id()));
        assertFalse(processes.isEmpty(), "Slurm tracks the JVM: " + details(slurm, job));

        Duration took = scancelAndAwaitEnd(slurm, job);

        assertEquals("CANCELLED", slurm.state(job.id()));
        assertCancelledWithFinalPage(slurm, job);
        assertFalse(Platform.at(job.service()).result().orElse("").contains("wall-time limit reached"),
                Platform.at(job.service()).result().orElse(""));
        assertNothingSurvives(processes);
        assertFarBelowKillWait(took, job);
    }

    @Test
    void scancelStopsTheWholeProcessTreeOfARunCommand(SlurmCluster slurm) {
        Path pidFile = dir.resolve("tree.pids");
        // A child; a shell ignoring SIGTERM with its child, which Slurm's own SIGTERM cannot stop; and an orphan
        // re-parented to init, which Slurm's process tracking (linuxproc) loses. Only the launcher's stop of the
        // command's session, SIGKILL after --cancel-grace, ends them all long before Slurm's KillWait.
        String tree = "sleep 600 & echo $! >> " + pidFile
                + "; bash -c 'trap \"\" TERM; sleep 600 & echo $! >> " + pidFile + "; echo $$ >> " + pidFile
                + "; wait' & (sleep 600 & echo $! >> " + pidFile + "); wait";
        Job job = submit(slurm, "run.sbatch", List.of("--export=ALL,JOB_RUNTIME_CANCEL_GRACE=3s"),
                List.of(RUNTIME_JAR.toString()), List.of("bash", "-c", tree));
        awaitRunning(slurm, job,
                () -> Pids.all(pidFile).size() == 4 && Platform.at(job.service()).page().state()
                .orElse(null) == JobState.RUNNING);
        Set<Long> processes = new LinkedHashSet<>(slurm.pids(job.id()));
        processes.addAll(Pids.all(pidFile));

        Duration took = scancelAndAwaitEnd(slurm, job);

        assertEquals("CANCELLED", slurm.state(job.id()));
        assertCancelledWithFinalPage(slurm, job);
        assertTrue(Platform.at(job.service()).result().orElse("").contains("SIGKILL to the 2 still running"),
                Platform.at(job.service()).result().orElse(""));
        assertNothingSurvives(processes);
        assertFarBelowKillWait(took, job);
    }

    @Test
    void wallTimeLimitCancelsTheJobAndTheResultSaysSo(SlurmCluster slurm) {
        long start = System.nanoTime();
        Job job = submitApp(slurm, "exec", ABORTABLE_WAITER_JAR, List.of("--time=1"), "600");

        awaitEnd(slurm, job, WALL_TIME_JOB);

        assertEquals("TIMEOUT", slurm.state(job.id()), details(slurm, job));
        assertCancelledWithFinalPage(slurm, job);
        String result = Platform.at(job.service()).result().orElse("");
        assertTrue(result.startsWith("CANCELLED: wall-time limit reached"), details(slurm, job));
        report(job, "--time=1: ended %d s after submission; result: %s", seconds(start), result);
    }

    @Test
    void earlyWarningToTheBatchShellCancelsTheJvmStartedWithExec(SlurmCluster slurm) {
        Job job = submitApp(slurm, "exec", ABORTABLE_WAITER_JAR, List.of("--time=1", "--signal=B:TERM@30"), "600");

        awaitEnd(slurm, job, WALL_TIME_JOB);

        assertEarlyWarningCancelled(slurm, job);
    }

    @Test
    void earlyWarningToTheJobStepsCancelsTheJvmStartedWithSrun(SlurmCluster slurm) {
        Job job = submitApp(slurm, "srun", ABORTABLE_WAITER_JAR, List.of("--time=1", "--signal=TERM@30"), "600");

        awaitEnd(slurm, job, WALL_TIME_JOB);

        assertEarlyWarningCancelled(slurm, job);
    }

    @Test
    void gatewayLayoutKeepsTheServiceFolderInsideTheOnlyBoundFolder(SlurmCluster slurm) throws IOException {
        Path calculation = Files.createDirectories(dir.resolve("calculation"));
        String id = slurm.sbatch(Map.of("JAVA", Shell.java()), List.of("--job-name=gateway", "--chdir=" + calculation,
                "--output=" + calculation.resolve("slurm.out"), resource("gateway.sbatch").toString(),
                RUNTIME_JAR.toString(), "--progress", "Step (?<done>\\d+) of (?<total>\\d+)",
                "--result-file", "forces.txt", "--",
                "bash", "-c", "for i in 1 2; do echo \"Step $i of 2\"; done; echo 'drag 0.42' > forces.txt"));
        Job job = new Job(id, calculation);

        awaitEnd(slurm, job, Duration.ofSeconds(60));

        assertEquals("COMPLETED", slurm.state(id), details(slurm, job));
        assertEquals("drag 0.42\n", Platform.at(job.service()).result().orElse(""), details(slurm, job));
        assertTrue(Platform.at(job.service()).page().html().contains("job-progress\" content=\"2/2\""),
                Platform.at(job.service()).page().html());
        try (var files = Files.list(calculation)) {
            assertEquals(Set.of("service", "forces.txt", "slurm.out"),
                    Set.copyOf(files.map(f -> f.getFileName().toString()).toList()),
                    "everything the user downloads is in the calculation folder");
        }
    }

    @Test
    void wallTimeCardShowsTheJobsLimitAndWarnsOfAnEtaPastIt(SlurmCluster slurm) throws IOException {
        // Slurm 22.05 exports no end time to the job (SLURM_JOB_END_TIME comes with 23.02), and the gateway's script
        // exports none either: the launcher asks squeue for it. 10 steps a second of 100,000 need hours; the
        // limit is 10 minutes.
        Path calculation = Files.createDirectories(dir.resolve("walltime"));
        String id = slurm.sbatch(Map.of("JAVA", Shell.java()), List.of("--job-name=walltime", "--time=10",
                "--chdir=" + calculation, "--output=" + calculation.resolve("slurm.out"),
                resource("gateway.sbatch").toString(), RUNTIME_JAR.toString(),
                "--progress", "Step (?<done>\\d+) of (?<total>\\d+)", "--",
                "bash", "-c", "for i in $(seq 100000); do echo \"Step $i of 100000\"; sleep 0.1; done"));
        Job job = new Job(id, calculation);

        awaitRunning(slurm, job, () -> Platform.at(job.service()).page().html().contains("past its wall-time limit"));

        String page = Platform.at(job.service()).page().html();
        double left = Platform.at(job.service()).page().figure(Platform.Figure.WALLTIME_LEFT_S).orElse(Double.NaN);
        assertTrue(left > 480 && left <= 600, "10 minutes from the job's start, less the time to get here: " + left
                + "\n" + page);
        assertTrue(page.contains("(Slurm)"), page);
        assertTrue(page.contains("<section class=\"card resources warning\">"), page);
        assertTrue(Platform.at(job.service()).page().figure(Platform.Figure.RSS_BYTES).orElse(Double.NaN) > 0, page);
        report(job, "--time=10: %s s left on the page; %s", (long) left, page.replaceAll("(?s).*<p class=\"cap\">(At this rate[^<]*)</p>.*", "$1"));
        scancelAndAwaitEnd(slurm, job);
    }

    private void assertEarlyWarningCancelled(SlurmCluster slurm, Job job) {
        assertNotEquals("TIMEOUT", slurm.state(job.id()), "the warning, not the limit, ended the job: "
                + details(slurm, job));
        assertCancelledWithFinalPage(slurm, job);
        String result = Platform.at(job.service()).result().orElse("");
        assertFalse(result.contains("wall-time limit reached"), "the signal came before the limit: " + result);
        report(job, "early warning: Slurm state %s, result: %s", slurm.state(job.id()), result);
    }

    private Job submitApp(SlurmCluster slurm, String launch, Path jar, List<String> options, String... appArgs) {
        return submit(slurm, "app.sbatch", options, List.of(launch, jar.toString()), List.of(appArgs));
    }

    /** sbatch SCRIPT LEADING_ARGS SERVICE_DIR HOME_DIR SCRATCH_DIR TRAILING_ARGS, from a folder of the job's own. */
    private Job submit(SlurmCluster slurm, String script, List<String> options, List<String> leadingArgs,
            List<String> trailingArgs) {
        Path folder = dir.resolve("job");
        List<String> sbatch = new ArrayList<>(List.of("--job-name=" + script, "--output=" + folder.resolve("slurm.out"),
                "--chdir=" + folder));
        sbatch.addAll(options);
        sbatch.add(resource(script).toString());
        sbatch.addAll(leadingArgs);
        try {
            for (String name : List.of("service", "home", "scratch")) {
                sbatch.add(Files.createDirectories(folder.resolve(name)).toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sbatch.addAll(trailingArgs);
        return new Job(slurm.sbatch(Map.of("JAVA", Shell.java()), sbatch), folder);
    }

    private void awaitRunning(SlurmCluster slurm, Job job, Callable<Boolean> running) {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(running);
        } catch (ConditionTimeoutException e) {
            fail("job " + job.id() + " did not get running within 60 s\n" + details(slurm, job));
        }
    }

    private void awaitEnd(SlurmCluster slurm, Job job, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> slurm.ended(job.id()));
        } catch (ConditionTimeoutException e) {
            fail("job " + job.id() + " did not end within " + atMost.toSeconds() + " s\n" + details(slurm, job));
        }
    }

    /** {@return the time from scancel until Slurm is done with the job} */
    private Duration scancelAndAwaitEnd(SlurmCluster slurm, Job job) {
        long start = System.nanoTime();
        slurm.scancel(job.id());
        awaitEnd(slurm, job, KILL_WAIT.plusSeconds(30));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void assertFarBelowKillWait(Duration took, Job job) {
        report(job, "scancel -> job ended in %d ms", took.toMillis());
        assertTrue(took.compareTo(FAR_BELOW_KILL_WAIT) < 0, "the job took " + took.toMillis()
                + " ms to end after scancel; KillWait is " + KILL_WAIT.toSeconds() + " s");
    }

    private static void assertCancelledWithFinalPage(SlurmCluster slurm, Job job) {
        String result = Platform.at(job.service()).result().orElse("");
        assertTrue(result.startsWith("CANCELLED"), details(slurm, job));
        assertEquals(JobState.CANCELLED, Platform.at(job.service()).page().state().orElse(null),
                "final page: " + Platform.at(job.service()).page().html());
        String page = Platform.at(job.service()).page().html();
        assertTrue(page.contains("CANCELLED"), "the final page shows the result: " + page);
        assertFalse(page.contains("<button"), "the final page has no buttons: " + page);
    }

    private static void assertNothingSurvives(Set<Long> pids) {
        // Pids.running, not ProcessHandle.isAlive: an orphan's zombie waits for an init that may never reap it.
        List<String> survivors = pids.stream().filter(Pids::running)
                .map(pid -> pid + " " + ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("?"))
                .toList();
        assertTrue(survivors.isEmpty(), "processes of the job outlived it: " + survivors + " (of " + pids + ")");
    }

    private static String details(SlurmCluster slurm, Job job) {
        String output;
        try {
            output = Files.readString(job.output(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            output = "(no " + job.output() + ": " + e.getMessage() + ")";
        }
        return "result.txt: " + Platform.at(job.service()).result().orElse("") + "\n--- job output ---\n" + output
                + "\n--- scontrol show job ---\n" + slurm.describe(job.id());
    }

    private static Path resource(String name) {
        try {
            return Path.of(Launcher_SlurmTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    /** Measured figures go to the build log. */
    @SuppressWarnings("AnnotateFormatMethod") // a report line of the test; @FormatMethod would need a dependency
    private static void report(Job job, String format, Object... args) {
        System.out.printf("[slurm] job %s: %s%n", job.id(), String.format(format, args));
    }
}
