package io.github.jobruntime.run;

import java.util.OptionalInt;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The status a job gave {@code System.exit}, where the JVM tells it: from Java 21 on, {@code Runtime.exit} logs it
 * to the platform logger {@code java.lang.Runtime} at debug level, which the JDK's default logger finder hands to
 * {@code java.util.logging}. Before 21, or where another logger finder or no {@code java.logging} is there, it stays
 * unknown. Listening costs some 20 ms (the logging's set-up, on JDK 25 with its class-data archive), before
 * a Java job starts: a job may call it at once.
 */
final class ExitStatus {

    private static final int UNKNOWN = Integer.MIN_VALUE;
    private static volatile int last = UNKNOWN;
    /** Held, so that the logger and its level are not collected. */
    private static Logger runtimeLogger;

    private ExitStatus() {
    }

    /** Starts listening, once per JVM; a no-op before Java 21. */
    static synchronized void listen() {
        if (runtimeLogger != null || Runtime.version().feature() < 21) {
            return;
        }
        try {
            Logger logger = Logger.getLogger("java.lang.Runtime");
            logger.setLevel(Level.FINE);
            logger.setUseParentHandlers(false);
            logger.addHandler(new Handler() {
                @Override
                public void publish(LogRecord record) {
                    Throwable thrown = record.getThrown();
                    String text = thrown != null && thrown.getMessage() != null ? thrown.getMessage()
                            : String.valueOf(record.getMessage());
                    last = status(text);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            });
            runtimeLogger = logger;
        } catch (LinkageError | RuntimeException noLogging) {
            // No java.util.logging in this image, or a security policy against it: the status stays unknown.
        }
    }

    /** {@return the status of the last {@code Runtime.exit}, when known} */
    static OptionalInt last() {
        int status = last;
        return status == UNKNOWN ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** {@return the number in "Runtime.exit(7)" or "... with status: 7", else unknown} */
    static int status(String text) {
        int end = text.endsWith(")") ? text.length() - 1 : text.length();
        int start = end;
        while (start > 0 && (Character.isDigit(text.charAt(start - 1)) || text.charAt(start - 1) == '-')) {
            start--;
        }
        try {
            return Integer.parseInt(text.substring(start, end));
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }
}
