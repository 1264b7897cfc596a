package io.github.jobruntime.run;

import io.github.jobruntime.Job;
import io.github.jobruntime.os.ProcessSource;
import java.util.Objects;

/**
 * What a run runs: the job, and where its work runs, handed over by whoever starts the run rather than guessed from
 * the job's type.
 *
 * @param processes the processes whose CPU, memory and I/O the page shows
 * @param javaCode  whether the work is the application's Java code in this JVM, which may call {@code System.exit}
 *                  at any moment; a command's job only waits for its command
 */
public record Workload(Job job, ProcessSource processes, boolean javaCode) {

    public Workload {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(processes, "processes");
    }

    /** {@return an application's job: its work is this JVM and every process it starts} */
    public static Workload javaCode(Job job) {
        return new Workload(job, ProcessSource.jvm(), true);
    }

    /** {@return a job that runs a command: its work is the command's processes, {@code processes}} */
    public static Workload command(Job job, ProcessSource processes) {
        return new Workload(job, processes, false);
    }
}
