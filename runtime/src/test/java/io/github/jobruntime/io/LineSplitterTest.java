package io.github.jobruntime.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<String> lines = new ArrayList<>();
    private final LineSplitter splitter = new LineSplitter("notifications.txt", false, lines::add);

    @Test
    void linesSplitAtEveryPossibleByteAreDeliveredWhole() {
        byte[] text = "\uFEFFABORT now\r\nPAUSE \u00e9t\u00e9 \u20ac\n".getBytes(UTF_8);
        for (int cut = 0; cut <= text.length; cut++) {
            lines.clear();
            splitter.startFile();

            splitter.feed(text, 0, cut);
            splitter.feed(text, cut, text.length);

            assertEquals(List.of("ABORT now", "PAUSE \u00e9t\u00e9 \u20ac"), lines, "split at byte " + cut);
        }
    }

    @Test
    void byteOrderMarkIsStrippedAtTheStartOfEveryLine() {
        feed("\uFEFFone\n\uFEFFtwo\n\uFEFF\n");
        splitter.startFile();
        feed("\uFEFFthree\nfour \uFEFF\n");

        assertEquals(List.of("one", "two", "three", "four \uFEFF"), lines);
    }

    @Test
    void overLongLineFedInSmallPiecesIsCutAtTheLimit() {
        String piece = "y".repeat(1000);
        for (int i = 0; i < 200; i++) {
            feed(piece);
        }
        feed("\nnext\n");

        assertEquals(2, lines.size());
        assertEquals("y".repeat(LineSplitter.MAX_LINE_BYTES), lines.get(0));
        assertEquals("next", lines.get(1));
    }

    @Test
    void cutDoesNotSplitAMultiByteCharacter() {
        // 'a' then two-byte characters: the limit falls between the two bytes of one of them.
        feed("a" + "\u00e9".repeat(40_000) + "\n");

        assertEquals(List.of("a" + "\u00e9".repeat((LineSplitter.MAX_LINE_BYTES - 1) / 2)), lines);
    }

    @Test
    void lineOfExactlyTheLimitIsKeptWhole() {
        feed("z".repeat(LineSplitter.MAX_LINE_BYTES) + "\n");

        assertEquals(List.of("z".repeat(LineSplitter.MAX_LINE_BYTES)), lines);
    }

    @Test
    void startingAFileForgetsTheIncompleteLine() {
        feed("complete\nincompl");

        long forgotten = splitter.startFile();
        feed("fresh\n");

        assertEquals(7, forgotten);
        assertEquals(List.of("complete", "fresh"), lines);
    }

    @Test
    void carriageReturnEndsALineWhenAsked() {
        LineSplitter output = new LineSplitter("solver stdout", true, lines::add);
        byte[] bytes = "step 1\rstep 2\r\ndone\n".getBytes(UTF_8);

        output.feed(bytes, 0, bytes.length);

        assertEquals(List.of("step 1", "step 2", "done"), lines);
    }

    @Test
    void finishEmitsTheLastLineWithoutNewline() {
        feed("first\nlast without newline");

        splitter.finish();
        splitter.finish();

        assertEquals(List.of("first", "last without newline"), lines);
    }

    private void feed(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        splitter.feed(bytes, 0, bytes.length);
    }
}
