package io.github.jobruntime.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The limits read from /proc and the cgroup file systems, laid out in a temp folder as each kind of machine has them. */
class ResourceLimitsTest {

    @TempDir
    Path temp;

    private Path proc;
    private Path cgroup;

    @BeforeEach
    void machine() throws IOException {
        proc = Files.createDirectories(temp.resolve("proc/self")).getParent();
        cgroup = Files.createDirectories(temp.resolve("cgroup"));
        write(proc.resolve("meminfo"), "MemTotal:       24683652 kB\nMemFree:  1000 kB\n");
        write(proc.resolve("self/status"), "Name:\tjava\nCpus_allowed_list:\t0-3,8,10-11\n");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void cgroupV2TakesTheSmallestLimitOfTheGroupAndThoseAboveIt() throws IOException {
        // Slurm: the job's limit on job_42, the task in a group below it without a limit of its own.
        write(proc.resolve("self/cgroup"), "0::/system.slice/slurmstepd.scope/job_42/step_0/user/task_0\n");
        write(cgroup.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Path job = cgroup.resolve("system.slice/slurmstepd.scope/job_42");
        write(job.resolve("memory.max"), "4294967296\n");
        write(job.resolve("cpu.max"), "200000 100000\n");
        write(job.resolve("step_0/memory.max"), "max\n");
        write(job.resolve("step_0/cpu.max"), "max 100000\n");
        write(job.resolve("step_0/user/task_0/memory.max"), "max\n");

        ResourceLimits limits = ResourceLimits.read(proc, cgroup);

        assertEquals(new ResourceLimits(4294967296L, "cgroup memory.max", 2.0, "cgroup cpu.max"), limits);
    }

    @ParameterizedTest(name = "job {0} B, step {1} B")
    @CsvSource({"4294967296, 1073741824", "1073741824, 4294967296"})
    void cgroupV2TheSmallerLimitWinsWhereverItIs(long jobBytes, long stepBytes) throws IOException {
        write(proc.resolve("self/cgroup"), "0::/job_42/step_0\n");
        write(cgroup.resolve("cgroup.controllers"), "cpu memory\n");
        write(cgroup.resolve("job_42/memory.max"), jobBytes + "\n");
        write(cgroup.resolve("job_42/cpu.max"), "400000 100000\n");
        write(cgroup.resolve("job_42/step_0/memory.max"), stepBytes + "\n");
        write(cgroup.resolve("job_42/step_0/cpu.max"), jobBytes < stepBytes ? "300000 100000\n" : "500000 100000\n");

        ResourceLimits limits = ResourceLimits.read(proc, cgroup);

        assertEquals(new ResourceLimits(1073741824L, "cgroup memory.max", jobBytes < stepBytes ? 3.0 : 4.0,
                "cgroup cpu.max"), limits);
    }

    @Test
    void cgroupV1WhereTheUnifiedHierarchyHasNoControllers() throws IOException {
        // A hybrid machine: the v2 hierarchy at unified/ without memory or cpu, the limits in v1's.
        write(proc.resolve("self/cgroup"), "4:memory:/batch/job7\n3:cpu,cpuacct:/batch/job7\n0::/batch/job7\n");
        write(cgroup.resolve("unified/cgroup.controllers"), "\n");
        Files.createDirectories(cgroup.resolve("unified/batch/job7"));
        write(cgroup.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        write(cgroup.resolve("memory/batch/job7/memory.limit_in_bytes"), "314572800\n");
        write(cgroup.resolve("cpu,cpuacct/batch/job7/cpu.cfs_quota_us"), "150000\n");
        write(cgroup.resolve("cpu,cpuacct/batch/job7/cpu.cfs_period_us"), "100000\n");

        ResourceLimits limits = ResourceLimits.read(proc, cgroup);

        assertEquals(new ResourceLimits(314572800L, "cgroup memory.limit_in_bytes", 1.5, "cgroup cpu.cfs_quota_us"),
                limits);
    }

    @Test
    void withoutCgroupLimitsTheAffinityAndTheMachinesMemory() throws IOException {
        write(proc.resolve("self/cgroup"), "4:memory:/\n1:cpu:/\n0::/\n");
        write(cgroup.resolve("cgroup.controllers"), "cpu memory\n");
        write(cgroup.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        write(cgroup.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
        write(cgroup.resolve("cpu/cpu.cfs_period_us"), "100000\n");

        ResourceLimits limits = ResourceLimits.read(proc, cgroup);

        assertEquals(new ResourceLimits(24683652L * 1024, "machine memory", 7, "CPU affinity"), limits);
    }
}
