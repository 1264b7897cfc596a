package io.github.jobruntime.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Linux's process table as {@code /proc/<pid>/stat} shows it. {@link ProcessHandle} cannot tell a zombie
 * from a live process, nor find the orphans of a command whose parent died; the session id can.
 */
public final class ProcessTable {

    private static final Path PROC = Path.of("/proc");

    /** One process; {@code startTicks} tells a process from a later one that got the same pid. */
    record Entry(long pid, long parent, long session, char state, long startTicks) {

        /** {@return the process's identity: its pid alone may name a later process} */
        Id id() {
            return new Id(pid, startTicks);
        }

        boolean gone() {
            return state == 'Z' || state == 'X';
        }
    }

    /**
     * A process's identity: its pid and its start in clock ticks since boot (field 22 of {@code /proc/PID/stat}). A
     * pid alone is not one: once a process has ended its pid goes to a later process (pid_max is 32768 on many
     * machines, so the pids of a busy node wrap within hours).
     */
    record Id(long pid, long startTicks) {

        // Written out: a record's generated equals() and hashCode() are bootstrapped on their first call, which
        // costs a cold launcher milliseconds in the middle of a stop.
        @Override
        public boolean equals(Object other) {
            return other instanceof Id id && pid == id.pid && startTicks == id.startTicks;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(pid * 31 + startTicks);
        }
    }

    private ProcessTable() {
    }

    private static final boolean AVAILABLE = Files.isReadable(PROC.resolve("self/stat"));

    /** {@return whether this system has a Linux {@code /proc}} */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * A process as one scan found it, with the identity of its {@code /proc} directory; a later process that gets
     * the same pid gets a new directory.
     */
    record Sighting(Entry entry, Object dir) {
    }

    /**
     * {@return every process this user can see} A process for which {@code earlier} has a sighting is taken from it,
     * not read again, as long as its {@code /proc} directory is the same one: the caller knows which ones it does not
     * need afresh, and a later process that got the pid is read.
     */
    static List<Sighting> all(Map<Long, Sighting> earlier) {
        return all(PROC, earlier);
    }

    /** {@return every process of the process table at {@code proc}; see {@link #all(Map)}} */
    static List<Sighting> all(Path proc, Map<Long, Sighting> earlier) {
        List<Sighting> sightings = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, ProcessTable::isPid)) {
            for (Path dir : dirs) {
                long pid = Long.parseLong(dir.getFileName().toString());
                Sighting known = earlier.get(pid);
                if (known != null && known.dir().equals(key(dir))) {
                    sightings.add(known);
                } else {
                    read(dir, pid).ifPresent(sightings::add);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + proc + ": " + e.getMessage(), e);
        }
        return sightings;
    }

    /**
     * {@return the identity of a process's {@code /proc} directory (its inode), a fresh object when it cannot be read}
     * Linux makes a new inode for the directory of a new process, and looking the pid up again after its process ended
     * never finds the old one (the dentry is revalidated against the process): a stat of the directory tells the same
     * process from a later one with its pid at a fraction of the cost of reading its stat file.
     */
    private static Object key(Path dir) {
        try {
            Object key = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
            return key == null ? new Object() : key;
        } catch (IOException e) {
            return new Object();
        }
    }

    private static Optional<Sighting> read(Path dir, long pid) {
        try {
            // The directory first: a process that takes the pid between the two reads gets a new one, so that the
            // next scan reads it again (the other order could pair an old entry with the new directory for good).
            Object key = key(dir);
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.ISO_8859_1);
            return Optional.ofNullable(parse(pid, stat)).map(entry -> new Sighting(entry, key));
        } catch (IOException e) {
            // Gone between listing and reading, or not ours to read: either way not a process we can signal.
            return Optional.empty();
        }
    }

    /** {@return the process with this pid, empty when there is none} */
    static Optional<Entry> read(long pid) {
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // Gone between listing and reading, or not ours to read: either way not a process we can signal.
            return Optional.empty();
        }
        return Optional.ofNullable(parse(pid, stat));
    }

    /**
     * {@return the process's environment as it started, NUL-separated {@code NAME=value} entries; empty when it
     * cannot be read (gone, or another user's)} A process in the middle of an exec or of its exit may show "".
     */
    static Optional<String> environ(long pid) {
        try {
            return Optional.of(Files.readString(PROC.resolve(Long.toString(pid)).resolve("environ"),
                    StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * {@return whether {@code environ} gives {@code name} a value with {@code token} among its colon-separated
     * parts} A launcher started by another one keeps the outer one's token before its own.
     */
    static boolean carries(String environ, String name, String token) {
        String prefix = name + "=";
        int from = 0;
        while (from < environ.length()) {
            int end = environ.indexOf('\0', from);
            if (end < 0) {
                end = environ.length();
            }
            if (environ.startsWith(prefix, from)) {
                for (String part : environ.substring(from + prefix.length(), end).split(":", -1)) {
                    if (part.equals(token)) {
                        return true;
                    }
                }
            }
            from = end + 1;
        }
        return false;
    }

    /**
     * {@return the process a {@code stat} line describes, null when the line is malformed} The fields after the
     * command name, which may itself hold spaces and parentheses: state ppid pgrp session …
     */
    static Entry parse(long pid, String stat) {
        String[] fields = fields(stat, 20);
        if (fields == null) {
            return null;
        }
        try {
            // fields[0] is field 3 of proc(5): state; 4 ppid; 6 session; 22 starttime.
            return new Entry(pid, Long.parseLong(fields[1]), Long.parseLong(fields[3]), fields[0].charAt(0),
                    Long.parseLong(fields[19]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * What a process has used so far: CPU time in clock ticks ({@link #TICKS_PER_SECOND}), resident memory in pages
     * ({@link #pageSize()}), from the same {@code stat} line as {@link Entry}; {@code startTicks} tells a process
     * from a later one that got the same pid.
     */
    public record Usage(long pid, long startTicks, long cpuTicks, long rssPages) {
    }

    /**
     * The kernel's USER_HZ, the unit of the CPU times in {@code /proc/PID/stat}: 100 on every architecture Java runs
     * on (the kernel converts from its own HZ so that user space sees a fixed unit).
     */
    public static final long TICKS_PER_SECOND = 100;

    private static final long PAGE_SIZE = readPageSize();

    /** {@return the size of a memory page in bytes, the unit of resident memory in {@code /proc/PID/stat}} */
    public static long pageSize() {
        return PAGE_SIZE;
    }

    /** {@return the CPU time and resident memory of the process with this pid, empty when there is none} */
    public static Optional<Usage> usage(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
            return Optional.ofNullable(parseUsage(pid, stat));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Fields 14 and 15 of proc(5), utime and stime; 22 starttime; 24 rss. Null for a zombie or a malformed line. */
    static Usage parseUsage(long pid, String stat) {
        String[] fields = fields(stat, 22);
        if (fields == null || fields[0].charAt(0) == 'Z') {
            return null;
        }
        try {
            return new Usage(pid, Long.parseLong(fields[19]),
                    Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long.parseLong(fields[21]));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@return the bytes the process read and wrote through system calls ({@code rchar}, {@code wchar} of
     * {@code /proc/PID/io}), as {read, written}; empty when that is not readable}
     */
    public static Optional<long[]> io(long pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("io"), StandardCharsets.ISO_8859_1);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        long[] io = {-1, -1};
        for (String line : lines) {
            if (line.startsWith("rchar: ")) {
                io[0] = Long.parseLong(line.substring(7).strip());
            } else if (line.startsWith("wchar: ")) {
                io[1] = Long.parseLong(line.substring(7).strip());
            }
        }
        return io[0] < 0 || io[1] < 0 ? Optional.empty() : Optional.of(io);
    }

    /**
     * {@return the fields after the command name, state first, when there are at least {@code needed} and the state
     * is one letter; else null} The name may itself hold spaces and parentheses, so it ends at the last ")".
     */
    private static String[] fields(String stat, int needed) {
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 > stat.length()) {
            return null;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        return fields.length < needed || fields[0].length() != 1 ? null : fields;
    }

    private static long readPageSize() {
        // The first mapping's KernelPageSize: 4 kB on x86, 64 kB on some ARM and POWER kernels.
        try (var lines = Files.lines(PROC.resolve("self/smaps"), StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.startsWith("KernelPageSize:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("\\D", "")) * 1024).orElse(4096L);
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            return 4096;
        }
    }

    private static boolean isPid(Path path) {
        String name = path.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
