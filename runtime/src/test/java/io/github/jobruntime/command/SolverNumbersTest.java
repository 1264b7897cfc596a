package io.github.jobruntime.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Numbers as solvers print them, read the same on the fast path (plain digits) and the general one; clock times, as
 * ffmpeg and rsync print them, in seconds.
 */
class SolverNumbersTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "42|42", "007|7", "0|0", "999999999999999|999999999999999", "1234567890123456789|1.2345678901234568E18",
        "1,234|1234", "1_000|1000", "' 12 '|12", "+5|5", "-3|-3", "0.005|0.005", "2e3|2000", "1.0D-05|1.0E-5",
        "3.5d2|350", "00:00:04.96|4.96", "1:02:03|3723", "12:30|750", "0:00:05|5"})
    void readsWhatSolversPrint(String text, double expected) {
        assertEquals(expected, SolverNumbers.parse(text, 0, text.length()));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "abc", "12a", "٣", "1:", ":5", "1:2:3:4", "1:60", "a:05"})
    void anythingElseIsNotANumber(String text) {
        assertThrows(NumberFormatException.class, () -> SolverNumbers.parse(text, 0, text.length()));
    }
}
