package io.github.jobruntime.bench;

import java.time.Duration;

/**
 * How much to measure: the sizes of every measurement, for a quick look ({@link #quick()}, about 3 minutes
 * on 2 cores) or for numbers worth publishing ({@link #full()}, about 10 minutes).
 *
 * @param jmhForks        JMH forks per benchmark
 * @param jmhWarmups      JMH warm-up iterations per fork
 * @param jmhIterations   JMH measured iterations per fork
 * @param jmhTime         length of one JMH iteration
 * @param latencyRounds   notification latency: fresh tailer and writer process per round
 * @param watchSamples    messages per round with the folder watched
 * @param pollSamples     messages per round when only polling
 * @param burstLines      lines in one burst
 * @param burstRounds     bursts per variant
 * @param abortRuns       abortable_waiter runs
 * @param runStopRuns     run-mode process trees stopped by ABORT
 * @param overheadPairs   run-mode overhead: runs of the bare command and of the same under the launcher, each
 * @param startRuns       waiter runs per JVM flag variant
 * @param idleRuns        idle-CPU runs (waiter and bare JVM side by side)
 * @param idleWindow      how long the idle CPU is measured; scaled to 10 s for the table
 * @param throttleRuns    status-throttle runs, the worst of which is reported
 * @param samplingSamples resource samples of one process tree timed
 * @param floodRuns       run-mode launchers that get ABORT behind a flood of unknown messages
 */
record Plan(String name, int jmhForks, int jmhWarmups, int jmhIterations, Duration jmhTime,
        int latencyRounds, int watchSamples, int pollSamples, int burstLines, int burstRounds,
        int abortRuns, int runStopRuns, int overheadPairs, int startRuns, int idleRuns, Duration idleWindow,
        int throttleRuns, int samplingSamples, int floodRuns) {

    /** The window the idle-CPU budget is stated for. */
    static final Duration IDLE_BUDGET_WINDOW = Duration.ofSeconds(10);

    static Plan quick() {
        return new Plan("quick", 1, 2, 3, Duration.ofSeconds(1),
                1, 200, 100, 100_000, 3,
                7, 5, 3, 5, 2, Duration.ofSeconds(3),
                3, 100, 3);
    }

    static Plan full() {
        return new Plan("full", 2, 3, 5, Duration.ofSeconds(2),
                3, 300, 150, 100_000, 5,
                11, 11, 5, 11, 3, IDLE_BUDGET_WINDOW,
                5, 500, 5);
    }
}
