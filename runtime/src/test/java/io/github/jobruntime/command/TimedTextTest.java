package io.github.jobruntime.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A match under a budget of CPU time. */
@Timeout(60)
class TimedTextTest {

    private static final Pattern BACKTRACKING = Pattern.compile("(?<message>(.*a){15}b)");

    @Test
    void aMatchThatBacktracksForEverStopsAtItsBudget() {
        TimedText text = new TimedText(Duration.ofMillis(50));
        Matcher matcher = BACKTRACKING.matcher(text.of("a".repeat(60)));

        assertThrows(TimedText.OverBudget.class, matcher::find);
    }

    @Test
    void theBudgetIsTheClocksTimeFromTheFirstLook() {
        AtomicLong clock = new AtomicLong();
        AtomicLong looks = new AtomicLong();
        TimedText text = new TimedText(Duration.ofMillis(50), () -> {
            looks.incrementAndGet();
            return clock.addAndGet(Duration.ofMillis(10).toNanos());
        });
        Matcher matcher = BACKTRACKING.matcher(text.of("a".repeat(60)));

        assertThrows(TimedText.OverBudget.class, matcher::find);
        assertEquals(7, looks.get(), "the first look starts the budget, the seventh is 60 ms later");
    }

    @Test
    void aFairMatchNeverLooksAtTheClock() {
        AtomicLong looks = new AtomicLong();
        TimedText text = new TimedText(Duration.ofMillis(50), looks::incrementAndGet);
        Matcher matcher = Pattern.compile("Step (?<done>\\d+) of (?<total>\\d+)").matcher("");

        for (int i = 0; i < 1000; i++) {
            assertTrue(matcher.reset(text.of("Step " + i + " of 1000: residual 1.2e-5")).find());
            assertEquals(Integer.toString(i), matcher.group("done"));
        }
        assertEquals(0, looks.get());
    }

    @Test
    void eachMatchGetsAFreshBudget() {
        AtomicLong clock = new AtomicLong();
        TimedText text = new TimedText(Duration.ofMillis(50), () -> clock.addAndGet(Duration.ofMillis(20).toNanos()));
        Matcher matcher = Pattern.compile("x").matcher("");
        String line = "a".repeat(3 * TimedText.READS_PER_LOOK);

        for (int i = 0; i < 5; i++) {
            assertEquals(false, matcher.reset(text.of(line)).find(), "3 looks, 40 ms, within the budget");
        }
    }
}
