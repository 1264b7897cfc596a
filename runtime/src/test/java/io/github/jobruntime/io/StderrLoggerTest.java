package io.github.jobruntime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StderrLoggerTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final StderrLogger logger = new StderrLogger("io.github.jobruntime.run.Run",
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void writesInfoAndAboveInSlf4jSimplesLayoutWithTheArgumentsInPlace() {
        logger.debug("not shown {}", 1);
        logger.info("{} - started, reporting to {}", "Waiter", "/service");
        logger.warn("disk {}% full", 99);

        assertEquals("[" + Thread.currentThread().getName() + "] INFO io.github.jobruntime.run.Run - Waiter - "
                + "started, reporting to /service\n[" + Thread.currentThread().getName()
                + "] WARN io.github.jobruntime.run.Run - disk 99% full\n", text());
    }

    @Test
    void writesTheThrowablesStackTraceAfterItsLine() {
        logger.error("cannot write {}", "status.html", new IOException("No space left on device"));

        String text = text();
        assertTrue(text.startsWith("[" + Thread.currentThread().getName()
                + "] ERROR io.github.jobruntime.run.Run - cannot write status.html\n"
                + "java.io.IOException: No space left on device\n\tat "), text);
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
