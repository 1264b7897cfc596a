package io.github.jobruntime.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.io.LineSplitter;
import io.github.jobruntime.io.PlainText;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.log.LogCard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The page's log tail shows what a terminal shows: redraws replace their line, cursor moves act on shown lines. */
class OutputScreenTest {

    private LogCard card;
    private OutputScreen screen;
    private LineSplitter stdout;
    private LineSplitter stderr;

    // given

    OutputScreenTest() {
        tailOf(20);
    }

    private void tailOf(int lines) {
        card = new LogCard(new PageLock(), lines);
        screen = new OutputScreen(card);
        stdout = splitter(screen.cursor());
        stderr = splitter(screen.cursor());
    }

    private static LineSplitter splitter(OutputScreen.Cursor cursor) {
        return new LineSplitter("test output", (text, end) -> cursor.piece(text, PlainText.clean(text), end));
    }

    // when

    private static void print(LineSplitter stream, String text) {
        byte[] bytes = text.getBytes(UTF_8);
        stream.feed(bytes, 0, bytes.length);
    }

    private List<String> shown(String output) {
        print(stdout, output);
        stdout.finish();
        return tail();
    }

    /** The tail once the output printed so far is drawn, as the lines thread flushes after each read. */
    private List<String> tail() {
        screen.flush();
        return ((LogCard.LogView) card.snapshot()).logTail();
    }

    private static String sample(String name) {
        try (InputStream in = OutputScreenTest.class.getResourceAsStream("/command/terminal/" + name)) {
            return new String(in.readAllBytes(), UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // then

    @Test
    void plainLinesAreShownAsTheyCame() {
        assertEquals(List.of("reading mesh", "  cells: 12000", "done"), shown("reading mesh\n  cells: 12000\n\ndone\n"));
    }

    @Test
    void aLineRedrawnWithCarriageReturnReplacesItselfAndEarlierLinesStay() {
        List<String> shown = shown("starting mdrun 'Protein in water'\nUsing 4 OpenMP threads\n"
                + "\rstep 100, will finish Sat Dec  5 17:40:01 2026\rstep 200, will finish Sat Dec  5 17:40:03 2026"
                + "\rstep 300, will finish Sat Dec  5 17:40:02 2026\n"
                + "Writing final coordinates.\n");

        assertEquals(List.of("starting mdrun 'Protein in water'", "Using 4 OpenMP threads",
                "step 300, will finish Sat Dec  5 17:40:02 2026", "Writing final coordinates."), shown);
    }

    @Test
    void aShorterRedrawOverwritesOnlyTheStartOfTheLineAsOnATerminal() {
        assertEquals(List.of("42%ding"), shown("loading\r42%\n"));
    }

    @Test
    void windowsLineEndsAreOneLineEach() {
        assertEquals(List.of("first", "second"), shown("first\r\nsecond\r\n"));
    }

    @Test
    void eraseInLineClearsWhatTheRedrawDoesNotCover() {
        assertEquals(List.of("42%", "b"), shown("loading\r\033[K42%\nabc\r\033[2Kb\n"));
        assertEquals(List.of("  cd"), shown("\rabcd\033[3D\033[1K\n").subList(2, 3));
    }

    @Test
    void backspaceMovesBackAsATerminalDoes() {
        assertEquals(List.of("iter 8"), shown("iter 7\b8\n"));
    }

    @Test
    void otherEscapeSequencesAreDroppedAsInThePlainText() {
        assertEquals(List.of("Time = 3 / 10", "bold"),
                shown("\033[32mTime = 3 / 10\033[0m\n\033]0;solver title\007\033[?25l\033[1mbold\033[0m\n"));
    }

    @Test
    void cursorUpRedrawsTheLinesAboveInsteadOfAddingLines() {
        List<String> shown = shown("first bar 0%\nsecond bar 0%\n\033[2A\rfirst bar 50%\033[B\rsecond bar 50%\n");

        assertEquals(List.of("first bar 50%", "second bar 50%"), shown);
    }

    @Test
    void tqdmNestedBarsShowAsTheTerminalEndsThem() {
        // Real output of two nested tqdm bars (the inner with leave=False), recorded with their \r and ESC[A.
        List<String> shown = shown("starting training\n" + sample("tqdm.err") + "training done\n");

        assertEquals(List.of("starting training", "epochs: 100%|██████████| 3/3 [00:00<00:00,  4.66it/s]",
                "training done"), shown);
    }

    @Test
    void tqdmNestedBarsShowOneLineEachWhileTheyRun() {
        String bars = sample("tqdm.err");
        // Cut where the inner bar is half way through its second run.
        int cut = bars.indexOf("batch:  50%", bars.indexOf("epochs:  33%"));
        print(stdout, "starting training\n" + bars.substring(0, bars.indexOf('\n', cut) + 1));

        List<String> shown = tail();
        assertEquals(3, shown.size(), shown.toString());
        assertEquals("starting training", shown.get(0));
        assertTrue(shown.get(1).startsWith("epochs:  33%|") && shown.get(1).endsWith("| 1/3 [00:00<00:00,  4.59it/s]"),
                shown.get(1));
        assertTrue(shown.get(2).startsWith("batch:  50%|") && shown.get(2).endsWith("| 10/20 [00:00<00:00, 96.20it/s]"),
                shown.get(2));
    }

    @Test
    void ffmpegStatsRedrawOneLineAndTheHeaderStays() {
        List<String> shown = shown(sample("ffmpeg.err"));

        assertEquals(1, shown.stream().filter(line -> line.startsWith("frame=")).count(), shown.toString());
        assertEquals("frame=  125 fps=0.0 q=2.0 Lsize=     195kB time=00:00:04.96 bitrate= 322.0kbits/s speed=15.6x",
                shown.get(shown.size() - 2));
        assertEquals("Press [q] to stop, [?] for help", shown.get(5));
    }

    @Test
    void newLinesOfBothStreamsComeInTheOrderTheyCame() {
        print(stdout, "reading input\n");
        print(stderr, "warning: old format\n");
        print(stdout, "mesh ok\n");

        assertEquals(List.of("reading input", "warning: old format", "mesh ok"), tail());
    }

    @Test
    void aLineOfOneStreamNeverLandsInARedrawOfTheOther() {
        // tqdm's last redraw, read after the print() that followed it: one cursor for both would draw it over the line.
        print(stderr, "\repochs:  50%|#####     | 1/2\r");
        print(stdout, "training done\n");
        print(stderr, "epochs: 100%|##########| 2/2\n");

        assertEquals(List.of("epochs: 100%|##########| 2/2", "training done"), tail());
    }

    @Test
    void aRedrawUnderManyLinesOfTheOtherStreamMovesDownBelowThemWithTheRowsAfterIt() {
        print(stderr, "\rfiles: 1/9\n\rbytes: 10%\033[A\r");
        IntStream.rangeClosed(1, OutputScreen.FOLLOW).forEach(i -> print(stdout, "log " + i + "\n"));
        print(stderr, "\n\rbytes: 20%\033[A\r");

        assertEquals("files: 1/9", tail().get(0), "up to FOLLOW lines below, a redraw stays in place: " + tail());
        assertEquals("bytes: 20%", tail().get(1));

        print(stdout, "log " + (OutputScreen.FOLLOW + 1) + "\n");
        print(stderr, "files: 2/9\n\rbytes: 30%\033[A\r");

        List<String> expected = new ArrayList<>(IntStream.rangeClosed(1, OutputScreen.FOLLOW + 1)
                .mapToObj(i -> "log " + i).toList());
        expected.addAll(List.of("files: 2/9", "bytes: 30%"));
        assertEquals(expected, tail());
    }

    @Test
    void aRowPushedOutOfTheWindowStaysAsShownAndItsCursorGoesOnBelow() {
        tailOf(100);
        print(stderr, "\rsync  1%\r");
        IntStream.rangeClosed(1, OutputScreen.WINDOW).forEach(i -> print(stdout, "log " + i + "\n"));
        print(stderr, "sync  2%\r");

        List<String> shown = tail();
        assertEquals(OutputScreen.WINDOW + 2, shown.size());
        assertEquals("sync  1%", shown.get(0));
        assertEquals("sync  2%", shown.get(shown.size() - 1));
    }

    @Test
    void theCursorGoesNoFurtherUpThanTheLiveRows() {
        tailOf(30);
        IntStream.rangeClosed(1, 40).forEach(i -> print(stdout, "line " + i + "\n"));

        List<String> shown = shown("\033[99A\rLINE\n");

        int oldestLive = 40 - OutputScreen.ROWS + 1;
        List<String> expected = new ArrayList<>(IntStream.rangeClosed(11, 40).mapToObj(i -> "line " + i).toList());
        expected.set(oldestLive - 11, "LINE " + oldestLive);
        assertEquals(expected, shown);
    }

    @Test
    void blankRowsTakeNoLineOfTheTailButCountForTheCursor() {
        assertEquals(List.of("a", "B", "c"), shown("a\n\nb\n\n\033[2A\rB\n\nc\n"));
    }

    @Test
    void aRedrawOfLiveRowsBeyondTheTailKeepsItsLastLines() {
        tailOf(2);

        List<String> shown = shown("one\ntwo\nthree\n\033[3A\rONE\033[B\rTWO\033[B\rTHREE\n");

        assertEquals(List.of("TWO", "THREE"), shown);
    }

    @Test
    void manyRedrawsKeepTheTailBounded() {
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            print(stdout, "epoch " + i + "\n");
            for (int step = 0; step <= 100; step += 10) {
                print(stdout, "\rstep " + step + "%");
            }
            print(stdout, "\n");
            expected.add("epoch " + i);
            expected.add("step 100%");
        }
        stdout.finish();

        assertEquals(expected.subList(expected.size() - 20, expected.size()), tail());
    }
}
