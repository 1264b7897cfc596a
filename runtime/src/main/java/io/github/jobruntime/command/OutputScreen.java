package io.github.jobruntime.command;

import io.github.jobruntime.io.PlainText;
import io.github.jobruntime.status.log.LogTail;
import java.util.ArrayList;
import java.util.List;

/**
 * The command's output as a terminal shows it, for the page's log tail. A line redrawn after {@code \r} is
 * overwritten from its first column, as a progress bar redraws itself; cursor moves ({@code ESC[nA}, with which
 * nested progress bars go back up to their line, and {@code B C D E F G}) and erases ({@code ESC[K}, {@code ESC[2K},
 * {@code ESC[J}) act on the lines already shown instead of adding lines; other escape sequences and control
 * characters are dropped, as {@link PlainText#clean} drops them. Both output streams draw on it, one piece at a time
 * in the order they came, as both write to one terminal.
 *
 * <p>The last {@link #ROWS} rows, the cursor's among them, are live: the cursor reaches no further up, as on a
 * terminal of that height, and a change to them replaces them in the tail. Older lines stay as they were. Blank rows
 * are not shown. Fed by one thread.
 */
final class OutputScreen {

    /** The rows the cursor can go back to: those of a classic 80 x 24 terminal. */
    static final int ROWS = 24;
    /** The longest row kept; a piece is at most this long already (LineSplitter), but cursor moves are not. */
    static final int MAX_COLUMNS = 64 * 1024;
    private static final char ESC = '\u001B';
    private static final char CSI = '\u009B';
    private static final int MAX_COUNT = 9_999;

    private final LogTail log;
    /** The live rows, {@link #rows} of them from {@link #top} on, round; each as drawn, trailing blanks and all. */
    private final String[] ring = new String[ROWS];
    private int top;
    private int rows = 1;
    /** The cursor, its row counted from the oldest live one. */
    private int row;
    private int column;
    /** The cursor's row while a piece draws on it, when {@link #editing}. */
    private final StringBuilder line = new StringBuilder();
    private boolean editing;
    /** The oldest row that the piece being drawn changed, -1 when it changed none. */
    private int changedFrom = -1;
    /** How many of the rows from {@link #changedFrom} on the tail showed before the piece changed them. */
    private int shownBefore;

    OutputScreen(LogTail log) {
        this.log = log;
        ring[0] = "";
    }

    /**
     * Draws the next piece of output and shows what changed.
     *
     * @param text  the piece as it came, escape sequences and all
     * @param plain the same once {@link PlainText#clean cleaned}: the very string when it has no escapes
     * @param end   what ended it: {@code '\n'}, {@code '\r'} or {@link io.github.jobruntime.io.LineSplitter#NO_END}
     */
    @SuppressWarnings("ReferenceEquality") // PlainText.clean returns the very string when it has nothing to remove
    void piece(String text, String plain, int end) {
        if (plain == text && end == '\n' && column == 0 && row == rows - 1 && row(row).isEmpty()) {
            // The common line, plain text on a new line, costs no more than an added line.
            if (!text.isBlank()) {
                set(row, text.length() > MAX_COLUMNS ? text.substring(0, MAX_COLUMNS) : text);
                log.add(text);
            }
            lineFeed();
            return;
        }
        draw(text);
        if (end == '\r') {
            column = 0;
        } else if (end == '\n') {
            // As a terminal shows a program's \n (the tty's onlcr): the next line, from its first column.
            column = 0;
            lineFeed();
        }
        show();
    }

    private void draw(String text) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == ESC && i + 1 < length && text.charAt(i + 1) == '[') {
                i = controlSequence(text, i + 2);
            } else if (c == CSI) {
                i = controlSequence(text, i + 1);
            } else if (c == '\b') {
                column = Math.max(0, column - 1);
                i++;
            } else if (PlainText.isControl(c)) {
                i = PlainText.afterControl(text, i);
            } else {
                int to = i + 1;
                while (to < length && !PlainText.isControl(text.charAt(to)) && text.charAt(to) != '\b') {
                    to++;
                }
                write(text, i, to);
                i = to;
            }
        }
    }

    /** Acts on the control sequence whose parameters start at {@code from}; {@return the index after it} */
    private int controlSequence(String text, int from) {
        int j = from;
        boolean count = true;
        while (j < text.length() && text.charAt(j) >= 0x20 && text.charAt(j) <= 0x3F) {
            // Digits and ; only: private (ESC[?25l) and intermediate forms are dropped.
            count &= Character.isDigit(text.charAt(j)) || text.charAt(j) == ';';
            j++;
        }
        if (j == text.length() || text.charAt(j) < 0x40 || text.charAt(j) > 0x7E) {
            return j;
        }
        if (count) {
            act(text.charAt(j), firstParameter(text, from, j));
        }
        return j + 1;
    }

    /** {@return the first parameter, -1 when none is given} */
    private static int firstParameter(String text, int from, int to) {
        int value = -1;
        for (int i = from; i < to && text.charAt(i) != ';'; i++) {
            value = Math.min(MAX_COUNT, Math.max(0, value) * 10 + text.charAt(i) - '0');
        }
        return value;
    }

    private void act(char command, int parameter) {
        int n = Math.max(1, parameter);
        switch (command) {
            case 'A' -> moveTo(Math.max(0, row - n));
            case 'B' -> moveTo(Math.min(rows - 1, row + n));
            case 'C' -> column = Math.min(MAX_COLUMNS, column + n);
            case 'D' -> column = Math.max(0, column - n);
            case 'E' -> {
                moveTo(Math.min(rows - 1, row + n));
                column = 0;
            }
            case 'F' -> {
                moveTo(Math.max(0, row - n));
                column = 0;
            }
            case 'G' -> column = Math.min(MAX_COLUMNS, n - 1);
            case 'K' -> eraseInLine(Math.max(0, parameter));
            case 'J' -> {
                // Only below the cursor: clearing what is above it would take the log's history away.
                if (parameter <= 0) {
                    eraseInLine(0);
                    for (int below = row + 1; below < rows; below++) {
                        change(below);
                        set(below, "");
                    }
                }
            }
            default -> {
                // Colours, scroll regions, absolute positions...: dropped, as the plain text drops them.
            }
        }
    }

    private void eraseInLine(int how) {
        change(row);
        StringBuilder edited = edited();
        if (how == 0) {
            edited.setLength(Math.min(edited.length(), column));
        } else if (how == 1) {
            for (int i = 0; i < Math.min(edited.length(), column + 1); i++) {
                edited.setCharAt(i, ' ');
            }
        } else if (how == 2) {
            edited.setLength(0);
        }
    }

    private void write(String text, int from, int to) {
        int count = Math.min(to - from, MAX_COLUMNS - column);
        if (count <= 0) {
            return;
        }
        change(row);
        StringBuilder edited = edited();
        while (edited.length() < column) {
            edited.append(' ');
        }
        edited.replace(column, Math.min(edited.length(), column + count), text.substring(from, from + count));
        column += count;
    }

    /** Goes down a line, to a new one at the bottom. */
    private void lineFeed() {
        if (row < rows - 1) {
            moveTo(row + 1);
            return;
        }
        if (rows == ROWS) {
            // The oldest live row leaves the screen as it is shown now.
            show();
            top = (top + 1) % ROWS;
            rows--;
            row--;
        }
        set(rows, "");
        rows++;
        moveTo(rows - 1);
    }

    private void moveTo(int target) {
        storeEdited();
        row = target;
    }

    private StringBuilder edited() {
        if (!editing) {
            line.setLength(0);
            line.append(row(row));
            editing = true;
        }
        return line;
    }

    private void storeEdited() {
        if (editing) {
            set(row, line.toString());
            editing = false;
        }
    }

    /** Notes that row {@code changing} is about to change, and how many rows the tail showed from it on. */
    private void change(int changing) {
        if (changedFrom < 0) {
            shownBefore = shown(changing, rows);
            changedFrom = changing;
        } else if (changing < changedFrom) {
            shownBefore += shown(changing, changedFrom);
            changedFrom = changing;
        }
    }

    /** Replaces the tail's lines of the rows that changed with what they show now. */
    private void show() {
        storeEdited();
        if (changedFrom < 0) {
            return;
        }
        List<String> now = new ArrayList<>(rows - changedFrom);
        for (int r = changedFrom; r < rows; r++) {
            String shown = row(r).stripTrailing();
            if (!shown.isEmpty()) {
                now.add(shown);
            }
        }
        if (shownBefore == 0 && now.size() == 1) {
            log.add(now.get(0));
        } else if (shownBefore > 0 || !now.isEmpty()) {
            log.replaceLast(shownBefore, now);
        }
        changedFrom = -1;
        shownBefore = 0;
    }

    private int shown(int from, int to) {
        int count = 0;
        for (int r = from; r < to; r++) {
            count += row(r).isBlank() ? 0 : 1;
        }
        return count;
    }

    private String row(int index) {
        return ring[(top + index) % ROWS];
    }

    private void set(int index, String text) {
        ring[(top + index) % ROWS] = text;
    }
}
