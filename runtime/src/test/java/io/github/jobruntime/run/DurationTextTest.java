package io.github.jobruntime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({"500ms,500", "1s,1000", "1.5s,1500", "2,2000", "2m,120000", "1min,60000", "1h,3600000",
        "PT0.2S,200", "' 3 s ',3000"})
    void readsDurationsAsPeopleWriteThem(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), DurationText.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"02:00:00,7200", "1-12:00:00,129600", "2-06:30,196200", "30:00,1800", "0:45:30,2730"})
    void readsWallTimesAsSlurmWritesThem(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), DurationText.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1 week", "-1s", "", "1:2"})
    void rejectsOthersWithAnExample(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(text));
        assertTrue(e.getMessage().contains("e.g. 500ms, 1s"), e.getMessage());
    }
}
