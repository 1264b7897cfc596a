package io.github.jobruntime.status.card;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Formats_TimeTest {

    private static final ZoneId ZONE = ZoneId.systemDefault();

    @ParameterizedTest
    @ValueSource(strings = {"1970-01-01T00:00:00Z", "2026-03-01T14:03:12.999Z", "2026-07-15T23:59:59Z",
            "1999-12-31T09:05:07Z", "2038-01-19T03:14:08Z"})
    void timeReadsAsTheDateTimeFormatterWroteIt(String at) {
        Instant instant = Instant.parse(at);

        assertEquals(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT).withZone(ZONE).format(instant),
                Formats.time(instant));
        assertEquals(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZONE).format(instant),
                Formats.clock(instant));
    }
}
