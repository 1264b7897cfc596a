package io.github.jobruntime.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.os.ProcessTable.Entry;
import io.github.jobruntime.os.ProcessTable.Sighting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process table read from a {@code /proc} of the test's own making, and a process's environment as
 * {@code /proc/PID/environ} holds it: NUL-separated {@code NAME=value}.
 */
class ProcessTableTest {

    @TempDir
    Path proc;

    /** Writes the {@code stat} line of a sleeping process with this pid, parent, session and start time. */
    private void process(long pid, long parent, long session, long startTicks) throws IOException {
        Files.move(staged(pid, parent, session, startTicks), proc.resolve(Long.toString(pid)));
    }

    /**
     * {@return the directory of a process with this pid, made beside the table} Moved into it, it is a new directory
     * with an inode of its own, as Linux gives the directory of every new process, even where a file system would
     * hand a new directory the inode of one just removed.
     */
    private Path staged(long pid, long parent, long session, long startTicks) throws IOException {
        Path dir = Files.createDirectory(proc.resolve("new-" + pid + "-" + startTicks));
        Files.writeString(dir.resolve("stat"), pid + " (sleep) S " + parent + " " + session + " " + session
                + " 0 -1 4194304 102 0 0 0 11 12 0 0 20 0 1 0 " + startTicks + " 3133440 392 18446744073709551615 0 0"
                + " 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n", StandardCharsets.ISO_8859_1);
        return dir;
    }

    /** The process with this pid ends: its directory goes, as the kernel removes it. */
    private void ends(long pid) throws IOException {
        Path dir = proc.resolve(Long.toString(pid));
        Files.delete(dir.resolve("stat"));
        Files.delete(dir);
    }

    private static Map<Long, Sighting> byPid(List<Sighting> sightings) {
        return sightings.stream().collect(Collectors.toMap(s -> s.entry().pid(), Function.identity()));
    }

    private static List<Entry> entries(List<Sighting> sightings) {
        return sightings.stream().map(Sighting::entry).toList();
    }

    @Test
    void pidTakenByALaterProcessIsReadAgainNotTakenFromTheEarlierScan() throws IOException {
        process(4321, 1, 1, 100);
        Map<Long, Sighting> earlier = byPid(ProcessTable.all(proc, Map.of()));
        // It ends; after the pids wrapped around (pid_max is 32768 on many machines), a child of the command gets its pid.
        Path later = staged(4321, 777, 777, 900);
        ends(4321);
        Files.move(later, proc.resolve("4321"));

        assertEquals(List.of(new Entry(4321, 777, 777, 'S', 900)), entries(ProcessTable.all(proc, earlier)));
    }

    @Test
    void processSeenBeforeIsTakenFromTheEarlierScanWithoutReadingIt() throws IOException {
        process(4321, 1, 1, 100);
        Map<Long, Sighting> earlier = byPid(ProcessTable.all(proc, Map.of()));
        // The same process (same directory): what its stat says now is not read.
        Files.writeString(proc.resolve("4321/stat"), "garbage", StandardCharsets.ISO_8859_1);

        assertEquals(List.of(new Entry(4321, 1, 1, 'S', 100)), entries(ProcessTable.all(proc, earlier)));
    }

    private static boolean carries(String environ) {
        return ProcessTable.carries(environ, "JOB_RUNTIME_COOKIE", "42-beef");
    }

    @Test
    void cookieIsFoundFirstInTheMiddleAndLastWithOrWithoutTheFinalNul() {
        assertTrue(carries("JOB_RUNTIME_COOKIE=42-beef\0HOME=/home\0"));
        assertTrue(carries("PATH=/bin\0JOB_RUNTIME_COOKIE=42-beef\0HOME=/home\0"));
        assertTrue(carries("PATH=/bin\0JOB_RUNTIME_COOKIE=42-beef\0"));
        assertTrue(carries("PATH=/bin\0JOB_RUNTIME_COOKIE=42-beef"));
    }

    @Test
    void cookieOfAnEnclosingLauncherIsKeptBeforeItsOwn() {
        assertTrue(carries("JOB_RUNTIME_COOKIE=7-cafe:42-beef\0"));
        assertTrue(carries("JOB_RUNTIME_COOKIE=42-beef:99-f00d\0"));
    }

    @Test
    void otherCookiesNamesAndValuesDoNotCount() {
        assertFalse(carries(""));
        assertFalse(carries("\0\0"));
        assertFalse(carries("PATH=/bin\0HOME=/home\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE=42-beef0\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE=142-beef\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE=\0"));
        assertFalse(carries("MY_JOB_RUNTIME_COOKIE=42-beef\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE_OLD=42-beef\0"));
        assertFalse(carries("NOTE=JOB_RUNTIME_COOKIE=42-beef\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE 42-beef\0"));
    }
}
