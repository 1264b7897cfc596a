package io.github.jobruntime.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The rate and time left the page shows, from the samples the reporter takes at each render. */
class ProgressRateTest {

    private final ProgressRate rate = new ProgressRate();

    /** Samples {@code done} at second {@code at}, as the reporter does at each render. */
    private void at(double seconds, double done) {
        rate.update((long) (seconds * 1000), done);
    }

    private double eta(double seconds, double total) {
        return rate.etaSeconds((long) (seconds * 1000), total);
    }

    @Test
    void aResumedRunCountsNoProgressForTheJumpFromZeroToItsFirstValue() {
        // GROMACS -cpi: the first page shows 0, the first parsed step is 4,960 of 200,000, then 10 steps a second.
        at(0, 0);
        at(1, 4_960);
        assertTrue(Double.isNaN(rate.perSecond()), "the first value is the baseline, not progress");
        at(11, 5_060);
        assertEquals(10, rate.perSecond(), 1e-9);
        assertEquals((200_000 - 5_060) / 10.0, eta(11, 200_000), 1e-6);
    }

    @Test
    void progressStartingAtHalfGivesTheTrueTimeLeftAfterThreeUpdates() {
        at(0, 0);
        at(0.5, 500);
        at(10.5, 600);
        at(20.5, 700);
        assertEquals(30, eta(20.5, 1000), 30 * 0.25);
    }

    @Test
    void betweenSparseUpdatesTheTimeLeftCountsDownAtTheLastKnownRate() {
        // epochs of 75 s, 10 in all
        at(0, 0);
        at(1, 1);
        at(76, 2);
        assertEquals(1 / 75.0, rate.perSecond(), 1e-12);
        assertEquals(8 * 75, eta(76, 10), 1e-6);
        assertEquals(8 * 75 - 30, eta(106, 10), 1e-6);
        assertEquals(8 * 75 - 74, eta(150, 10), 1e-6);
        at(151, 2);
        assertEquals(1 / 75.0, rate.perSecond(), 1e-12, "no new value: the rate stays");
        assertEquals(8 * 75 - 75, eta(151, 10), 1e-6);
    }

    @Test
    void aStalledJobsTimeLeftStopsOneUpdateAheadRatherThanReachingZero() {
        at(0, 0);
        at(1, 1);
        at(76, 2);
        assertEquals(7 * 75, eta(500, 10), 1e-6);
    }

    @Test
    void theRateIsTheRecentOneWhenTheJobSpeedsUp() {
        at(0, 0);
        at(1, 1);
        for (int s = 2; s <= 120; s++) {
            at(s, s <= 60 ? s : 60 + 10 * (s - 60));
        }
        assertEquals(10, rate.perSecond(), 0.5);
    }

    @Test
    void aCountThatGoesBackStartsOver() {
        at(0, 0);
        at(1, 10);
        at(2, 20);
        at(3, 5);
        assertTrue(Double.isNaN(rate.perSecond()), "a new baseline");
        at(4, 6);
        assertEquals(1, rate.perSecond(), 1e-9);
    }

    @Test
    void noTimeLeftWithoutATotalOrOnceDone() {
        at(0, 0);
        at(1, 1);
        at(2, 2);
        assertTrue(Double.isNaN(eta(2, -1)));
        at(3, 3);
        assertTrue(Double.isNaN(eta(3, 3)), "nothing left to count down");
    }
}
