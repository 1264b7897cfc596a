package io.github.jobruntime.status.log;

import gg.jte.html.HtmlTemplateOutput;
import io.github.jobruntime.io.PlainText;
import io.github.jobruntime.status.card.Card;
import io.github.jobruntime.status.card.CardView;
import io.github.jobruntime.status.card.Frame;
import io.github.jobruntime.status.card.PageLock;
import io.github.jobruntime.status.card.PageText;
import java.util.ArrayDeque;
import java.util.List;

/** The newest lines the job logged, oldest first, bounded in lines and in bytes. */
public final class LogCard implements Card, LogTail {

    /**
     * Most bytes the log tail takes on the page once HTML-escaped: 1000 lines of {@code <} would otherwise make
     * an 8 MB page for the platform to fetch every few seconds. Older lines leave first.
     */
    public static final int MAX_TAIL_BYTES = 1024 * 1024;

    private final PageLock lock;
    private final int lines;
    /**
     * Whether {@link #MAX_TAIL_BYTES} can be reached at all: 104 lines of {@link PageText#MAX_TEXT} characters, at
     * most 5 bytes each once escaped, cannot. Below that, the hot path of a command printing a million lines
     * neither cleans nor measures a line: the page cleans the few it shows when it is rendered.
     */
    private final boolean byteCapped;
    private final ArrayDeque<LoggedLine> tail;
    private long tailBytes;

    /** @param lines how many lines the page keeps, 0 for none */
    public LogCard(PageLock lock, int lines) {
        if (lines < 0) {
            throw new IllegalArgumentException("log lines must be 0 or more, got " + lines);
        }
        this.lock = lock;
        this.lines = lines;
        this.byteCapped = (long) lines * (PageText.MAX_TEXT * 5L + PageText.CUT_MARK.length() * 5L) > MAX_TAIL_BYTES;
        this.tail = new ArrayDeque<>(Math.min(lines, 1024));
    }

    /** Adds a line, dropping the oldest beyond the lines or the bytes kept. */
    @Override
    public void add(String line) {
        if (lines == 0) {
            return;
        }
        LoggedLine kept = kept(line);
        synchronized (lock) {
            keep(kept);
            lock.changed();
        }
    }

    /** Replaces the newest lines, e.g. a progress bar drawn again; the oldest leave beyond the lines or bytes kept. */
    @Override
    public void replaceLast(int count, List<String> replacement) {
        if (lines == 0) {
            return;
        }
        List<LoggedLine> kept = replacement.stream().map(this::kept).toList();
        synchronized (lock) {
            for (int i = 0; i < count && !tail.isEmpty(); i++) {
                tailBytes -= tail.removeLast().escapedBytes();
            }
            kept.forEach(this::keep);
            lock.changed();
        }
    }

    private LoggedLine kept(String line) {
        String text = String.valueOf(line);
        // Cleaning never makes a line longer, so one kept as it came is cleaned and left uncut by the snapshot.
        return byteCapped ? LoggedLine.of(PageText.plain(text, PageText.MAX_TEXT))
                : new LoggedLine(text.length() > PageText.MAX_TEXT ? PageText.plain(text, PageText.MAX_TEXT) : text, 0);
    }

    /** Adds the line, the caller holding the lock. */
    private void keep(LoggedLine kept) {
        while (!tail.isEmpty() && (tail.size() == lines || tailBytes + kept.escapedBytes() > MAX_TAIL_BYTES)) {
            tailBytes -= tail.removeFirst().escapedBytes();
        }
        tail.addLast(kept);
        tailBytes += kept.escapedBytes();
    }

    @Override
    public Snapshot snapshot() {
        // A capped tail was cleaned as it was logged; an uncapped one is cleaned here, few lines.
        return new LogView(tail.stream().map(kept -> byteCapped ? kept.text() : PlainText.clean(kept.text())).toList());
    }

    /**
     * The log tail as the page shows it, the same on every page until a line comes: the snapshot is the view.
     *
     * @param logTail the newest lines, oldest first
     */
    public record LogView(List<String> logTail) implements Snapshot, CardView {

        public LogView {
            logTail = List.copyOf(logTail);
        }

        @Override
        public LogView view(Frame frame) {
            return this;
        }

        @Override
        public void render(HtmlTemplateOutput output) {
            JtelogGenerated.render(output, null, this);
        }
    }

    /** A line of the log tail with its size on the page once escaped; the size is counted only when capped. */
    private record LoggedLine(String text, int escapedBytes) {

        /** Counts how many UTF-8 bytes the text takes once HTML-escaped, quotes counted as escaped too. */
        static LoggedLine of(String text) {
            int bytes = text.length();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c >= 0x80) {
                    bytes += c < 0x800 || Character.isSurrogate(c) ? 1 : 2;
                } else if (c == '<' || c == '>') {
                    bytes += 3;
                } else if (c == '&' || c == '"' || c == '\'') {
                    bytes += 4;
                }
            }
            return new LoggedLine(text, bytes);
        }
    }
}
