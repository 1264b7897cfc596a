package io.github.jobruntime.status.card;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Numbers for scripts in their shortest exact form, and rates of percent progress for people. */
class Formats_NumbersTest {

    @Test
    void plainNumbersAreTheShortestThatReadBackAsTheSameDouble() {
        assertEquals("6.8", Formats.plain(6.8));
        assertEquals("0.30000000000000004", Formats.plain(0.1 + 0.2), "the noise is the value here");
        assertEquals("0.0125", Formats.plain(0.0125));
        assertEquals("1500", Formats.plain(1500));
        assertEquals("0.00001", Formats.plain(1e-5));
        assertEquals("", Formats.plain(Double.NaN));
        // Java 17's Double.toString gives 7.3869381740038113E18, a digit more than it takes.
        assertEquals("7386938174003811000", Formats.plain(Double.parseDouble("7.3869381740038113E18")));
    }

    @Test
    void plainNumbersReadBackExactlyAndAreNeverLongerThanDoubleToString() {
        SplittableRandom random = new SplittableRandom(27);
        for (int i = 0; i < 5_000; i++) {
            double value = Double.longBitsToDouble(random.nextLong() >>> 2) % 1e6;
            if (!Double.isFinite(value) || Formats.whole(value)) {
                continue;
            }
            String plain = Formats.plain(value);
            assertEquals(value, Double.parseDouble(plain), plain);
            assertTrue(Formats.shortest(value).precision()
                    <= BigDecimal.valueOf(value).stripTrailingZeros().precision(), plain);
        }
    }

    @Test
    void percentRatesReadPerMinuteOrPerHourWhenSlowAndPerSecondWhenFast() {
        assertEquals("12 %/min", Formats.percentRate(0.2));
        assertEquals("30 %/h", Formats.percentRate(30 / 3600.0));
        assertEquals("2.5 %/s", Formats.percentRate(2.5));
        assertEquals("–", Formats.percentRate(Double.NaN));
    }

    @Test
    void percentDoneHasNoNoiseWhereTheCountIsWhole() {
        Frame frame = new Frame("t", JobState.RUNNING, null, null, 68, 1000, false, Instant.EPOCH, Double.NaN,
                Double.NaN, "", "");
        assertEquals(6.8, frame.percentDone());
    }
}
