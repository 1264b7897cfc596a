package io.github.jobruntime.command;

import io.github.jobruntime.io.PlainText;
import io.github.jobruntime.status.log.LogTail;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The command's output as a terminal shows it, for the page's log tail. A line redrawn after {@code \r} is
 * overwritten from its first column, as a progress bar redraws itself; cursor moves ({@code ESC[nA}, with which
 * nested progress bars go back up to their line, and {@code B C D E F G}) and erases ({@code ESC[K}, {@code ESC[2K},
 * {@code ESC[J}) act on the lines already shown instead of adding lines; other escape sequences and control
 * characters are dropped, as {@link PlainText#clean} drops them.
 *
 * <p>Each output stream has a {@link Cursor} of its own, which reaches the last {@link #ROWS} rows that stream
 * wrote, as on a terminal of that height; new rows of either stream are added in the order they came. One cursor for
 * both, as on a terminal, would put a line of stdout into a progress bar of stderr whenever the two pipes are read
 * in another order than they were written, which two pipes read apart cannot rule out for writes microseconds
 * apart ({@code print("done")} right after tqdm closed its bar). A row redrawn under more than {@link #FOLLOW} rows
 * of the other stream moves down below them, with the rows of its stream after it, so that a progress bar stays in
 * view. Rows that {@link #WINDOW} newer rows pushed up are left as they are shown. Blank rows are not shown. Fed by
 * one thread, which calls {@link #flush} once it has drawn what was read so far.
 */
final class OutputScreen {

    /** The rows a cursor can go back to: those of a classic 80 x 24 terminal. */
    static final int ROWS = 24;
    /** How many rows of the other stream may be below a row that is redrawn before it moves down below them. */
    static final int FOLLOW = 16;
    /** How many of the newest rows may still change: beyond them, even a row a cursor reaches is left as it is. */
    static final int WINDOW = 64;
    /** The longest row kept; a piece is at most this long already (LineSplitter), but cursor moves are not. */
    static final int MAX_COLUMNS = 64 * 1024;
    private static final char ESC = '\u001B';
    private static final char CSI = '\u009B';
    private static final int MAX_COUNT = 9_999;
    /** The most lines a page's log tail shows ({@code --log-lines}): of more added at once, the older ones go. */
    static final int MAX_PENDING = 1000;

    private final LogTail log;
    /**
     * The tail's rows from the oldest that a cursor can still reach to the newest, in the tail's order: the tail's
     * last lines are the ones of these rows that are not blank.
     */
    private final List<Row> window = new ArrayList<>();
    /** The index in the window of the oldest row changed since the tail was last told, -1 when none. */
    private int changedFrom = -1;
    /** How many of the rows from {@link #changedFrom} on the tail showed before they changed. */
    private int shownBefore;
    /**
     * Lines added since the tail was last told, oldest first: a burst of plain lines reaches the tail once per
     * {@link #flush}, under one lock, rather than line by line.
     */
    private final ArrayDeque<String> pending = new ArrayDeque<>();

    /** A row of the tail, as drawn: trailing blanks and all. */
    private static final class Row {
        private String text;
        private final Cursor owner;
        /** Whether its cursor can still reach it. */
        private boolean live = true;

        Row(String text, Cursor owner) {
            this.text = text;
            this.owner = owner;
        }
    }

    OutputScreen(LogTail log) {
        this.log = log;
    }

    /** {@return a cursor for one more output stream} */
    Cursor cursor() {
        return new Cursor();
    }

    /** One stream's cursor, and the rows it can reach. */
    final class Cursor {

        /** The rows it can reach, oldest first: the last {@link #ROWS} the stream wrote. */
        private final List<Row> rows = new ArrayList<>(ROWS + 1);
        /** The cursor's row in {@link #rows}; their size when it is on the new line below them. */
        private int row;
        private int column;
        /** The cursor's row while a piece draws on it, when {@link #edited} is not null. */
        private final StringBuilder line = new StringBuilder();
        private Row edited;

        private Cursor() {
        }

        /**
         * Draws the next piece of the stream's output and shows what changed.
         *
         * @param text  the piece as it came, escape sequences and all
         * @param plain the same once {@link PlainText#clean cleaned}: the very string when it has no escapes
         * @param end   what ended it: {@code '\n'}, {@code '\r'} or {@link io.github.jobruntime.io.LineSplitter#NO_END}
         */
        @SuppressWarnings("ReferenceEquality") // PlainText.clean returns the very string when it has nothing to remove
        void piece(String text, String plain, int end) {
            if (plain == text && end == '\n' && column == 0 && row == rows.size()) {
                // The common line, plain text on a new line, costs no more than an added line.
                newRow(text.length() > MAX_COLUMNS ? text.substring(0, MAX_COLUMNS) : text);
                if (!text.isBlank()) {
                    if (pending.size() == MAX_PENDING) {
                        pending.removeFirst();
                    }
                    pending.addLast(text);
                }
                row = rows.size();
                settle();
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
            storeEdited();
            show();
            settle();
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

        private void act(char command, int parameter) {
            int n = Math.max(1, parameter);
            switch (command) {
                case 'A' -> moveTo(Math.max(0, row - n));
                case 'B' -> moveTo(down(n));
                case 'C' -> column = Math.min(MAX_COLUMNS, column + n);
                case 'D' -> column = Math.max(0, column - n);
                case 'E' -> {
                    moveTo(down(n));
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
                        for (int r = row + 1; r < rows.size(); r++) {
                            change(rows.get(r));
                            rows.get(r).text = "";
                        }
                    }
                }
                default -> {
                    // Colours, scroll regions, absolute positions...: dropped, as the plain text drops them.
                }
            }
        }

        /** {@return the row {@code n} below the cursor's, which goes no further down than the last row} */
        private int down(int n) {
            return row >= rows.size() ? row : Math.min(rows.size() - 1, row + n);
        }

        private void eraseInLine(int how) {
            if (row == rows.size()) {
                return;
            }
            StringBuilder text = edit();
            if (how == 0) {
                text.setLength(Math.min(text.length(), column));
            } else if (how == 1) {
                for (int i = 0; i < Math.min(text.length(), column + 1); i++) {
                    text.setCharAt(i, ' ');
                }
            } else if (how == 2) {
                text.setLength(0);
            }
        }

        private void write(String text, int from, int to) {
            int count = Math.min(to - from, MAX_COLUMNS - column);
            if (count <= 0) {
                return;
            }
            if (row == rows.size()) {
                newRow("");
                row = rows.size() - 1;
            }
            StringBuilder drawn = edit();
            while (drawn.length() < column) {
                drawn.append(' ');
            }
            drawn.replace(column, Math.min(drawn.length(), column + count), text.substring(from, from + count));
            column += count;
        }

        /** Goes down a line; from the new line below the rows, to the next one, the skipped one left blank. */
        private void lineFeed() {
            if (row < rows.size()) {
                moveTo(row + 1);
            } else {
                newRow("");
                row = rows.size();
            }
        }

        private void moveTo(int target) {
            storeEdited();
            row = target;
        }

        /** Adds a row below every other, the stream's oldest reachable row leaving its reach beyond {@link #ROWS}. */
        private void newRow(String text) {
            Row added = new Row(text, this);
            window.add(added);
            rows.add(added);
            if (rows.size() > ROWS) {
                rows.remove(0).live = false;
            }
        }

        /** {@return the cursor's row, to be changed} */
        private StringBuilder edit() {
            Row drawn = rows.get(row);
            if (edited != drawn) {
                storeEdited();
                followDown(drawn);
                change(drawn);
                line.setLength(0);
                line.append(drawn.text);
                edited = drawn;
            }
            return line;
        }

        private void storeEdited() {
            if (edited != null) {
                edited.text = line.toString();
                edited = null;
            }
        }

        /** Moves {@code redrawn} and this stream's rows after it below the other's, when many of those are. */
        private void followDown(Row redrawn) {
            int index = window.lastIndexOf(redrawn);
            int others = 0;
            for (int i = index + 1; i < window.size(); i++) {
                others += window.get(i).owner == this ? 0 : 1;
            }
            if (others > FOLLOW) {
                List<Row> moving = new ArrayList<>(rows.subList(rows.indexOf(redrawn), rows.size()));
                change(redrawn);
                window.removeAll(moving);
                window.addAll(moving);
            }
        }

        /** Leaves {@code frozen}, pushed out of the window, out of reach; a cursor on it goes to a new line. */
        private void freeze(Row frozen) {
            int index = rows.indexOf(frozen);
            rows.remove(index);
            if (index < row) {
                row--;
            } else if (index == row) {
                row = rows.size();
            }
        }
    }

    /** {@return the first parameter, -1 when none is given} */
    private static int firstParameter(String text, int from, int to) {
        int value = -1;
        for (int i = from; i < to && text.charAt(i) != ';'; i++) {
            value = Math.min(MAX_COUNT, Math.max(0, value) * 10 + text.charAt(i) - '0');
        }
        return value;
    }

    /** Notes that {@code row} is about to change, and how many rows the tail showed from it on. */
    private void change(Row row) {
        int index = window.lastIndexOf(row);
        if (changedFrom < 0) {
            shownBefore = shown(index, window.size());
            changedFrom = index;
        } else if (index < changedFrom) {
            shownBefore += shown(index, changedFrom);
            changedFrom = index;
        }
    }

    /** Tells the tail the lines added since it was last told: when the output read so far is drawn. */
    void flush() {
        if (!pending.isEmpty()) {
            List<String> lines = List.copyOf(pending);
            pending.clear();
            log.replaceLast(0, lines);
        }
    }

    /** Replaces the tail's lines of the rows that changed with what they show now. */
    private void show() {
        if (changedFrom < 0) {
            return;
        }
        flush();
        List<String> now = new ArrayList<>(window.size() - changedFrom);
        for (int r = changedFrom; r < window.size(); r++) {
            String shown = window.get(r).text.stripTrailing();
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

    /**
     * Lets the rows no cursor reaches, and those beyond the {@link #WINDOW}, leave the window as the tail shows them.
     */
    private void settle() {
        while (!window.isEmpty() && (!window.get(0).live || window.size() > WINDOW)) {
            Row front = window.remove(0);
            if (front.live) {
                front.live = false;
                front.owner.freeze(front);
            }
        }
    }

    private int shown(int from, int to) {
        int count = 0;
        for (int r = from; r < to; r++) {
            count += window.get(r).text.isBlank() ? 0 : 1;
        }
        return count;
    }
}
