package io.github.jobruntime.host;

import io.github.jobruntime.io.Logs;
import io.github.jobruntime.os.Programs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * When Slurm ends the job: {@code SLURM_JOB_END_TIME} (epoch seconds), which Slurm exports from 23.02 on. Slurm
 * 22.05 exports neither the end time nor the time limit to a job (its {@code SLURM_*} output variables name the
 * job, its nodes, tasks, CPUs and memory); there the job's {@code squeue} entry says it, when squeue is on the PATH.
 */
public final class SlurmEndTime {

    private static final Logger LOG = Logs.get(SlurmEndTime.class);
    static final String END_TIME_VARIABLE = "SLURM_JOB_END_TIME";
    private static final long SQUEUE_TIMEOUT_SECONDS = 5;

    private SlurmEndTime() {
    }

    /** {@return the end time in {@code SLURM_JOB_END_TIME}; empty when unset or not epoch seconds (e.g. "Unknown")} */
    public static Optional<Instant> fromEnvironment(Map<String, String> env) {
        return parse(env.get(END_TIME_VARIABLE));
    }

    /**
     * {@return the end time that {@code squeue} gives for {@code SLURM_JOB_ID}} Runs squeue (at most 5 s): call it
     * off the job's path, and only when {@link #asksSqueue} says so.
     */
    public static Optional<Instant> fromSqueue(Map<String, String> env) {
        String job = env.get("SLURM_JOB_ID");
        Optional<Path> squeue = Programs.onPath("squeue");
        if (squeue.isEmpty()) {
            LOG.debug("Slurm job {}: no SLURM_JOB_END_TIME and no squeue on the PATH, so no wall-time limit", job);
            return Optional.empty();
        }
        ProcessBuilder builder = new ProcessBuilder(List.of(squeue.get().toString(), "--noheader", "--jobs=" + job.strip(),
                "--format=%e")).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE);
        // Epoch seconds: no time zone or locale to guess.
        builder.environment().put("SLURM_TIME_FORMAT", "%s");
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(SQUEUE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.warn("squeue did not answer within {} s: the page shows no wall-time limit", SQUEUE_TIMEOUT_SECONDS);
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            Optional<Instant> end = parse(out);
            if (end.isEmpty()) {
                LOG.debug("squeue gives no end time for job {}: '{}'", job, out);
            }
            return end;
        } catch (IOException e) {
            LOG.warn("cannot ask squeue for the end time of job {}: {}", job, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@return whether the end time is for {@link #fromSqueue} to tell: a Slurm job whose environment has none} */
    public static boolean asksSqueue(Map<String, String> env) {
        String job = env.get("SLURM_JOB_ID");
        return fromEnvironment(env).isEmpty() && job != null && !job.isBlank();
    }

    private static Optional<Instant> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(value.strip())));
        } catch (NumberFormatException notATime) {
            // "Unknown" or empty without a time limit, or a value set by hand: nothing to tell.
            return Optional.empty();
        }
    }
}
