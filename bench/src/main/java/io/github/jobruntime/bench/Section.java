package io.github.jobruntime.bench;

/** One group of measurements; it adds its rows, and notes on where the time goes, to the report. */
interface Section {

    /** {@return the short name {@code --only} selects it by, e.g. {@code latency}} */
    String name();

    /** {@return what it measures, shown while it runs} */
    String title();

    void measure(Report report) throws Exception;
}
