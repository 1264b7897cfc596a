package io.github.jobruntime.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading a line of {@code /proc/PID/stat}: the command name between the parentheses may hold anything a program
 * sets with prctl (parentheses, spaces, nothing), so the fields are counted from the last {@code )}.
 */
class ProcessTable_StatTest {

    private static final long PID = 4242;

    /**
     * A line as the kernel writes it (the fields after the name taken from a real one), with ppid 7, session 9,
     * utime 11, stime 12, starttime 123456 and rss 392.
     */
    private static String line(String name, char state) {
        return PID + " (" + name + ") " + state + " 7 8 9 0 -1 4194304 102 0 0 0 11 12 0 0 20 0 1 0 123456"
                + " 3133440 392 18446744073709551615 94022538502144 94022538522025 140734410653648 0 0 0 0 0 0 0 0 0"
                + " 17 1 0 0 0 0 0 94022538538032 94022538539648 94023143481344 140734410656482 140734410656502"
                + " 140734410656502 140734410657771 0\n";
    }

    @Test
    void nameWithParenthesesSpacesOrNothingIsSkippedWhole() {
        for (String name : List.of("bash", "a)b", "(x", "my solver", ") (", "a) R 1 2 (", "", "))",
                "icoFoam-par-015", "x) Z 1 2 3")) {
            ProcessTable.Entry entry = ProcessTable.parse(PID, line(name, 'S'));

            assertEquals(new ProcessTable.Entry(PID, 7, 9, 'S', 123456), entry, "name [" + name + "]");
            assertFalse(entry.gone(), name);
            assertEquals(new ProcessTable.Usage(PID, 123456, 23, 392), ProcessTable.parseUsage(PID, line(name, 'S')),
                    "name [" + name + "]");
        }
    }

    @Test
    void stateAfterANameEndingInAParenthesisIsTheState() {
        assertTrue(ProcessTable.parse(PID, line("defunct)", 'Z')).gone());
        assertTrue(ProcessTable.parse(PID, line("x)", 'X')).gone());
        assertFalse(ProcessTable.parse(PID, line("x) Z", 'R')).gone());
        assertEquals('D', ProcessTable.parse(PID, line("(sd-pam))", 'D')).state());
    }

    @Test
    void zombieHasNoUsage() {
        assertNull(ProcessTable.parseUsage(PID, line("defunct", 'Z')));
    }

    @Test
    void malformedLineIsNoProcessRatherThanAnError() {
        for (String stat : List.of("", "\n", "4242", "4242 (bash", "4242 (bash)", "4242 (bash) ",
                "4242 (bash) S 7 8 9", line("bash", 'S').substring(0, 60),
                line("bash", 'S').replace(") S ", ")  "),
                line("bash", 'S').replace(") S ", ") SS "),
                line("bash", 'S').replace(" 123456 ", " later "))) {
            assertNull(ProcessTable.parse(PID, stat), "[" + stat + "]");
            assertNull(ProcessTable.parseUsage(PID, stat), "[" + stat + "]");
        }
        assertNull(ProcessTable.parse(PID, line("bash", 'S').replace(" 7 8 9 ", " seven 8 nine ")));
        assertNull(ProcessTable.parseUsage(PID, line("bash", 'S').replace(" 11 12 ", " eleven 12 ")));
    }

    @Test
    void thisJvmsOwnLineReadsAsARunningProcess() {
        long self = ProcessHandle.current().pid();
        ProcessTable.Entry entry = ProcessTable.read(self).orElseThrow();

        assertEquals(self, entry.pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), entry.parent());
        assertFalse(entry.gone());
        assertTrue(ProcessTable.usage(self).orElseThrow().cpuTicks() > 0);
    }
}
