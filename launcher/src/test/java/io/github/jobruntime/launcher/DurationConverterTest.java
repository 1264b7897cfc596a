package io.github.jobruntime.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    @Test
    void readsWhatTheSettingsRead() {
        assertEquals(Duration.ofMillis(1500), new DurationConverter().convert("1.5s"));
    }

    @Test
    void badTextIsPicoclisInvalidValueWithTheSettingsMessage() {
        TypeConversionException e = assertThrows(TypeConversionException.class,
                () -> new DurationConverter().convert("soon"));

        assertEquals("'soon' is not a duration - write e.g. 500ms, 1s, 2m, 1h or 02:00:00", e.getMessage());
    }
}
