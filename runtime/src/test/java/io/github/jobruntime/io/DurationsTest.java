package io.github.jobruntime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "{0} ms on the page: {1}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0s",
        "999 | 0s",
        "5000 | 5s",
        "59950 | 59s",
        "60000 | 1m 00s",
        "125000 | 2m 05s",
        "3599000 | 59m 59s",
        "3600000 | 1h 00m 00s",
        "3723000 | 1h 02m 03s",
        "86399000 | 23h 59m 59s",
        "86400000 | 1d 00h 00m",
        "273959000 | 3d 04h 05m",
        "-5000 | 0s"})
    void pageShowsFixedWidthFieldsAndNothingBelowZero(long millis, String text) {
        assertEquals(text, Durations.page(Duration.ofMillis(millis)));
    }

    @ParameterizedTest(name = "{0} ms in the result text: {1}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0.0 s",
        "12345 | 12.3 s",
        "59940 | 59.9 s",
        "59950 | 60.0 s",
        "60000 | 1 min 00 s",
        "125000 | 2 min 05 s",
        "3599000 | 59 min 59 s",
        "3600000 | 1 h 00 min",
        "3720000 | 1 h 02 min",
        "86400000 | 24 h 00 min",
        "93600000 | 26 h 00 min",
        "-1500 | -1.5 s"})
    void elapsedShowsTenthsBelowAMinuteThenMinutesThenHours(long millis, String text) {
        assertEquals(text, Durations.elapsed(Duration.ofMillis(millis)));
    }

    @ParameterizedTest(name = "{0} ms of grace: {1}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0 s",
        "1 | 1 ms",
        "500 | 500 ms",
        "1000 | 1 s",
        "1500 | 1500 ms",
        "30000 | 30 s",
        "59950 | 59950 ms",
        "60000 | 60 s",
        "3599000 | 3599 s",
        "3600000 | 3600 s",
        "86400000 | 86400 s",
        "-500 | -500 ms",
        "-2000 | -2 s"})
    void graceKeepsWholeSecondsElseMilliseconds(long millis, String text) {
        assertEquals(text, Durations.grace(Duration.ofMillis(millis)));
    }

    @ParameterizedTest(name = "{0} ms estimated: {1}")
    @CsvSource(delimiter = '|', value = {
        "0 | 0 s",
        "45000 | 45 s",
        "59950 | 59 s",
        "60000 | 1 min",
        "89000 | 1 min",
        "90000 | 2 min",
        "2400000 | 40 min",
        "3569000 | 59 min",
        "3570000 | 60 min",
        "3599000 | 60 min",
        "3600000 | 1 h",
        "7170000 | 2 h",
        "7799000 | 2 h 10 min",
        "86400000 | 24 h",
        "-5000 | 0 s"})
    void estimateRoundsToTheMinuteFromAMinuteOn(long millis, String text) {
        assertEquals(text, Durations.estimate(Duration.ofMillis(millis)));
    }
}
