package io.github.jobruntime.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The memory and cores this process may use, as the machine says them: the limits of its cgroup and of the
 * cgroups above it (a batch system sets the job's limit on the job's cgroup, and runs the job in a child of it),
 * cgroup v2 first, v1 where only that has the controller; otherwise the CPU affinity and the machine's memory.
 *
 * @param memoryBytes  0 when unknown
 * @param cpuCores     0 when unknown
 */
record ResourceLimits(long memoryBytes, String memorySource, double cpuCores, String cpuSource) {

    /** cgroup v1 writes "no limit" as the largest multiple of the page size: anything from 2^60 up is none. */
    private static final long V1_UNLIMITED = 1L << 60;

    /** {@return the limits of this process on this machine} */
    static ResourceLimits ofThisProcess() {
        return read(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /** {@return the limits read from {@code proc} and the cgroup file systems under {@code cgroupRoot}} */
    static ResourceLimits read(Path proc, Path cgroupRoot) {
        List<String> groups = lines(proc.resolve("self/cgroup"));
        Optional<Path> v2 = groups.stream().filter(line -> line.startsWith("0::")).findFirst()
                .flatMap(line -> v2Mount(cgroupRoot).map(mount -> group(mount, line.substring(3))));
        long memory = 0;
        String memorySource = "";
        double cores = 0;
        String cpuSource = "";
        if (v2.isPresent()) {
            memory = (long) smallest(v2.get(), cgroupRoot, "memory.max", ResourceLimits::v2Memory);
            memorySource = memory > 0 ? "cgroup memory.max" : "";
            cores = smallest(v2.get(), cgroupRoot, "cpu.max", ResourceLimits::v2Cores);
            cpuSource = cores > 0 ? "cgroup cpu.max" : "";
        }
        if (memory == 0) {
            Optional<Path> v1 = v1Group(groups, cgroupRoot, "memory");
            if (v1.isPresent()) {
                memory = (long) smallest(v1.get(), cgroupRoot, "memory.limit_in_bytes", ResourceLimits::v1Memory);
                memorySource = memory > 0 ? "cgroup memory.limit_in_bytes" : "";
            }
        }
        if (cores == 0) {
            Optional<Path> v1 = v1Group(groups, cgroupRoot, "cpu");
            if (v1.isPresent()) {
                cores = smallest(v1.get(), cgroupRoot, "cpu.cfs_quota_us", ResourceLimits::v1Cores);
                cpuSource = cores > 0 ? "cgroup cpu.cfs_quota_us" : "";
            }
        }
        if (memory == 0) {
            memory = memTotal(proc);
            memorySource = memory > 0 ? "machine memory" : "";
        }
        if (cores == 0) {
            cores = allowedCpus(proc);
            cpuSource = "CPU affinity";
        }
        return new ResourceLimits(memory, memorySource, cores, cpuSource);
    }

    /** Reads a limit from a cgroup's folder: a positive number, or 0 for none. */
    private interface Limit {
        double read(Path dir) throws IOException;
    }

    /** {@return the smallest limit of {@code file} from {@code dir} up to {@code root}, 0 when none sets one} */
    private static double smallest(Path dir, Path root, String file, Limit limit) {
        double smallest = 0;
        for (Path at = dir; at != null && at.startsWith(root); at = at.getParent()) {
            if (Files.isReadable(at.resolve(file))) {
                double value;
                try {
                    value = limit.read(at);
                } catch (IOException | NumberFormatException e) {
                    value = 0;
                }
                if (value > 0 && (smallest == 0 || value < smallest)) {
                    smallest = value;
                }
            }
        }
        return smallest;
    }

    /** {@code max} or bytes. */
    private static double v2Memory(Path dir) throws IOException {
        String value = Files.readString(dir.resolve("memory.max")).strip();
        return value.equals("max") ? 0 : Long.parseLong(value);
    }

    /** {@code max 100000} or {@code QUOTA PERIOD}, both in microseconds. */
    private static double v2Cores(Path dir) throws IOException {
        String[] value = Files.readString(dir.resolve("cpu.max")).strip().split("\\s+", -1);
        return value[0].equals("max") || value.length < 2 ? 0 : Double.parseDouble(value[0]) / Double.parseDouble(value[1]);
    }

    private static double v1Memory(Path dir) throws IOException {
        long value = Long.parseLong(Files.readString(dir.resolve("memory.limit_in_bytes")).strip());
        return value >= V1_UNLIMITED ? 0 : value;
    }

    /** {@code cpu.cfs_quota_us} is -1 without a limit. */
    private static double v1Cores(Path dir) throws IOException {
        long quota = Long.parseLong(Files.readString(dir.resolve("cpu.cfs_quota_us")).strip());
        long period = Long.parseLong(Files.readString(dir.resolve("cpu.cfs_period_us")).strip());
        return quota <= 0 || period <= 0 ? 0 : (double) quota / period;
    }

    /** The unified hierarchy: at the root on a pure v2 system, at {@code unified} on a hybrid one. */
    private static Optional<Path> v2Mount(Path root) {
        return List.of(root, root.resolve("unified")).stream()
                .filter(dir -> Files.exists(dir.resolve("cgroup.controllers"))).findFirst();
    }

    /** {@code N:memory:/path} or {@code N:cpu,cpuacct:/path}, mounted at ROOT/memory or ROOT/cpu,cpuacct. */
    private static Optional<Path> v1Group(List<String> groups, Path root, String controller) {
        for (String line : groups) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                for (Path mount : List.of(root.resolve(controller), root.resolve(parts[1]))) {
                    if (Files.isDirectory(mount)) {
                        return Optional.of(group(mount, parts[2]));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The group's folder; the mount itself when the path is not under it (a cgroup namespace shows "/"). */
    private static Path group(Path mount, String path) {
        Path dir = mount.resolve(path.replaceFirst("^/+", ""));
        return Files.isDirectory(dir) ? dir : mount;
    }

    private static long memTotal(Path proc) {
        for (String line : lines(proc.resolve("meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                try {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** {@code Cpus_allowed_list: 0-3,8-11} of /proc/self/status, else what the JVM says. */
    private static double allowedCpus(Path proc) {
        for (String line : lines(proc.resolve("self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                int count = 0;
                for (String range : line.substring(18).strip().split(",", -1)) {
                    String[] ends = range.split("-", -1);
                    try {
                        count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
                    } catch (NumberFormatException e) {
                        return Runtime.getRuntime().availableProcessors();
                    }
                }
                return count;
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return List.of();
        }
    }
}
