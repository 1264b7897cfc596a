package io.github.jobruntime.status.log;

import java.util.List;

/**
 * The page's log tail as a program that redraws its output needs it: lines are added, and the newest ones can be
 * drawn again, as a terminal redraws a progress bar in place. For one writer: the lines it replaces are the newest
 * ones it added.
 */
public interface LogTail {

    /** Adds a line after the newest. */
    void add(String line);

    /**
     * Replaces the newest {@code count} lines with {@code lines}: fewer, as many or more.
     *
     * @param count how many of the newest lines go; all of them when there are fewer
     * @param lines what comes in their place, oldest first
     */
    void replaceLast(int count, List<String> lines);
}
