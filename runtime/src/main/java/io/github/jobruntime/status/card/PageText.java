package io.github.jobruntime.status.card;

import io.github.jobruntime.io.PlainText;
import java.util.Objects;

/** Text as the page keeps it: cleaned and cut, so that the page size stays bounded however long the job runs. */
public final class PageText {

    /** Longest message, title, note or log line kept, in characters. */
    public static final int MAX_TEXT = 2_000;
    /** Longest name of a metric, an image, a fact or a section, in characters. */
    public static final int MAX_NAME = 200;
    /** What ends a text cut at its longest. */
    public static final String CUT_MARK = " …";

    private PageText() {
    }

    /** Text for the page: without terminal escapes and control characters ({@link PlainText}), then cut. */
    public static String plain(String text, int max) {
        return cut(PlainText.clean(text), max);
    }

    /** {@return the text, or its first {@code max} characters and the {@link #CUT_MARK}} */
    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + CUT_MARK;
    }

    /** {@return the name, checked: not null, not blank} */
    public static String notBlank(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank, got '" + name + "'");
        }
        return name;
    }
}
