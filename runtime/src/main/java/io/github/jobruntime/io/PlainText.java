package io.github.jobruntime.io;

/**
 * Text as a person reads it, for the status page and the output parsers: terminal escape sequences (colours,
 * cursor moves, titles, links), control characters other than tab and the controls that reorder bidirectional
 * text are removed, and a line break becomes a
 * space. What a command prints for a terminal then matches a {@code --progress} pattern written for what
 * the terminal shows.
 */
public final class PlainText {

    private static final char ESC = '\u001B';
    private static final char BEL = '\u0007';
    /** The 8-bit forms of ESC [ and ESC \, rare but valid. */
    private static final char CSI = '\u009B';
    private static final char ST = '\u009C';

    private PlainText() {
    }

    /** {@return the text without escape sequences and control characters; the same string when it has none} */
    public static String clean(String text) {
        int first = firstControl(text);
        if (first < 0) {
            return text;
        }
        int length = text.length();
        StringBuilder plain = new StringBuilder(length);
        plain.append(text, 0, first);
        int i = first;
        while (i < length) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                plain.append(' ');
                i++;
            } else if (isControl(c)) {
                i = afterControl(text, i);
            } else {
                plain.append(c);
                i++;
            }
        }
        return plain.toString();
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@return the index after the control character at {@code at}, or after the whole escape sequence it starts}
     * For a reader of terminal output that acts on some sequences and drops the others as {@link #clean} does.
     */
    public static int afterControl(String text, int at) {
        char c = text.charAt(at);
        if (c == ESC) {
            return afterEscape(text, at + 1);
        }
        if (c == CSI) {
            return afterControlSequence(text, at + 1);
        }
        if (c == '\u0090' || c == '\u0098' || c == '\u009D' || c == '\u009E' || c == '\u009F') {
            return afterControlString(text, at + 1);
        }
        return at + 1;
    }

    /**
     * {@return whether {@link #clean} removes the character, or the sequence it starts} C0 but tab, DEL, C1, and
     * the bidirectional embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069), with which a line
     * such as "Job \u202Edeliaf ko" reads "Job ok failed" on the page.
     */
    public static boolean isControl(char c) {
        return c < 0x20 ? c != '\t' : c >= 0x7F && (c <= 0x9F || (c >= '\u202A' && (c <= '\u202E'
                || (c >= '\u2066' && c <= '\u2069'))));
    }

    /** {@return where the text goes on after an escape sequence whose ESC came just before {@code i}} */
    private static int afterEscape(String text, int i) {
        if (i == text.length()) {
            return i;
        }
        char c = text.charAt(i);
        if (c == '[') {
            return afterControlSequence(text, i + 1);
        }
        // OSC (titles, links), DCS, SOS, PM, APC: strings up to a terminator.
        if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            return afterControlString(text, i + 1);
        }
        // Intermediate bytes then a final one, e.g. ESC ( B (character set).
        int j = i;
        while (j < text.length() && text.charAt(j) >= 0x20 && text.charAt(j) <= 0x2F) {
            j++;
        }
        if (j < text.length() && text.charAt(j) >= 0x30 && text.charAt(j) <= 0x7E) {
            return j + 1;
        }
        // Not a sequence: only the ESC goes.
        return j;
    }

    /** Parameter and intermediate bytes, then a final byte, e.g. {@code 1;32m}. */
    private static int afterControlSequence(String text, int i) {
        int j = i;
        while (j < text.length() && text.charAt(j) >= 0x20 && text.charAt(j) <= 0x3F) {
            j++;
        }
        return j < text.length() && text.charAt(j) >= 0x40 && text.charAt(j) <= 0x7E ? j + 1 : j;
    }

    /** Up to BEL, ESC \ or ST; an unterminated string runs to the end of the text, as on a terminal. */
    private static int afterControlString(String text, int i) {
        for (int j = i; j < text.length(); j++) {
            char c = text.charAt(j);
            if (c == BEL || c == ST) {
                return j + 1;
            }
            if (c == ESC) {
                // ESC \ ends it; any other ESC starts the next sequence.
                return j + 1 < text.length() && text.charAt(j + 1) == '\\' ? j + 2 : j;
            }
        }
        return text.length();
    }
}
