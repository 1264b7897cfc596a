package io.github.jobruntime.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The last lines a failure's result quotes, kept from what passed through. */
class OutputTailTest {

    private final OutputTail tail = new OutputTail();

    private void out(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.stdout().add(bytes, bytes.length);
    }

    private void err(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        tail.stderr().add(bytes, bytes.length);
    }

    @Test
    void linesOfBothStreamsComeInTheOrderTheyEnded() {
        out("reading mesh\nmesh read");
        err("mesh.dat: bad cell 17\n");
        out(" in 2 s\nstopping\n");

        assertEquals(List.of("reading mesh", "mesh.dat: bad cell 17", "mesh read in 2 s", "stopping"),
                tail.lastLines(20));
    }

    @Test
    void onlyTheLastLinesAreQuotedWithoutEscapesAndBlankLines() {
        for (int i = 1; i <= 30; i++) {
            out("\033[32mstep " + i + "\033[0m\n\n");
        }
        out("50 %\r60 %\rERROR: diverged");

        assertEquals(List.of("step 29", "step 30", "50 %", "60 %", "ERROR: diverged"), tail.lastLines(5));
    }

    @Test
    void stderrsLastLinesAreQuotedThoughALongStdoutEndedLater() {
        err("warning: mesh skewed\nERROR: diverged\n");
        for (int i = 1; i <= 30; i++) {
            out("step " + i + "\n");
        }

        assertEquals(List.of("warning: mesh skewed", "ERROR: diverged", "step 28", "step 29", "step 30"),
                tail.lastLines(5));
    }

    @Test
    void stderrsLastLinesOutliveAnyAmountOfStdoutAfterThem() {
        err("ERROR: diverged\n");
        for (int i = 1; i <= 20_000; i++) {
            out("step " + i + "\n");
        }

        assertEquals(List.of("ERROR: diverged", "step 20000"), tail.lastLines(2));
    }

    @Test
    void aLineWhoseStartIsNoLongerKeptIsNotQuotedInPart() {
        out("x".repeat(OutputTail.BYTES) + "\nlast\n");
        err("error\n");

        assertEquals(List.of("last", "error"), tail.lastLines(20));
    }

    @Test
    void aChunkLargerThanTheTailKeepsItsEnd() {
        byte[] bytes = ("y".repeat(3 * OutputTail.BYTES) + "\nthe end\n").getBytes(StandardCharsets.UTF_8);
        tail.stdout().add(bytes, bytes.length);

        assertEquals(List.of("the end"), tail.lastLines(20));
    }

    @Test
    void streamsThatAlternateOftenKeepTheirLatestLines() {
        for (int i = 1; i <= 3000; i++) {
            out("o" + i + "\n");
            err("e" + i + "\n");
        }

        assertEquals(List.of("o2999", "e2999", "o3000", "e3000"), tail.lastLines(4));
    }
}
