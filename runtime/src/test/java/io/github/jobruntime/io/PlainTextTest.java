package io.github.jobruntime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PlainTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            colours                 | \\e[1;32mTime = 3\\e[0m / 10\\e[m      | Time = 3 / 10
            256 and true colours    | \\e[38;5;196mred\\e[48;2;0;0;255m!      | red!
            cursor moves and erases | \\e[2K\\e[1A\\e[10;20Hstep 4\\e[?25l      | step 4
            OSC title with BEL      | \\e]0;solver: 40%\\aiter 40             | iter 40
            OSC link with ST        | \\e]8;;http://x/\\e\\\\docs\\e]8;;\\e\\\\ | docs
            charset and keypad      | \\e(B\\e=\\e7done\\e8                   | done
            C1 CSI                  | \\u009B31mred\\u009B0m                  | red
            C0 controls and DEL     | a\\bb\\u0000c\\u0007d\\u007Fe\\u001Cf    | abcdef
            line breaks             | two\\nlines\\rhere                      | two lines here
            lone escape at the end  | done\\e                                 | done
            tab kept                | iter\\t7                                | iter\\t7
            """)
    void terminalSequencesAndControlCharactersAreRemoved(String what, String raw, String clean) {
        assertEquals(unescape(clean), PlainText.clean(unescape(raw)));
    }

    @Test
    void plainTextIsReturnedAsItIs() {
        String text = "Time = 3 / 10, résidu 1e-5 \u20ac\t<ok>";

        assertSame(text, PlainText.clean(text));
    }

    /** Reads {@code \e \a \b \n \r \t \\ \\uXXXX} as in a shell's printf, to keep the table readable. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.append(c);
                continue;
            }
            char code = text.charAt(++i);
            switch (code) {
                case 'e' -> out.append('\u001B');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> out.append(code);
            }
        }
        return out.toString();
    }
}
