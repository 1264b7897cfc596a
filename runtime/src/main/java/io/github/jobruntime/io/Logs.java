package io.github.jobruntime.io;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * The runtime's loggers. The library depends on the SLF4J API only, as a library should, and leaves the choice of
 * a provider to the application; the executable jars bundle slf4j-simple. An application with no provider at all
 * would lose every line the runtime logs (SLF4J warns once, then discards everything), so then the runtime's own
 * loggers write to stderr as slf4j-simple would ({@code [thread] LEVEL logger - message}, INFO and above), and say
 * so once. The application's own loggers stay SLF4J's to configure.
 */
public final class Logs {

    private static final boolean NO_PROVIDER = LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory;

    static {
        if (NO_PROVIDER) {
            System.err.println("job-runtime: no SLF4J provider on the class path, so job-runtime logs to stderr by "
                    + "itself; add one (e.g. org.slf4j:slf4j-simple) to choose where its lines and yours go");
        }
    }

    private Logs() {
    }

    /** {@return the logger of {@code owner}: SLF4J's, or one writing to stderr when SLF4J has no provider} */
    public static Logger get(Class<?> owner) {
        return NO_PROVIDER ? new StderrLogger(owner.getName(), System.err) : LoggerFactory.getLogger(owner);
    }
}
