package io.github.jobruntime.testkit;

/** Checks on text a test got back: a page, a log, a process's output. */
public final class Texts {

    private Texts() {
    }

    /** {@return how often {@code part} occurs in {@code text}, overlapping occurrences included} */
    public static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
