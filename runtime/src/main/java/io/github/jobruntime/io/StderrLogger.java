package io.github.jobruntime.io;

import java.io.PrintStream;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger of the runtime's own, for when SLF4J has no provider (see {@link Logs}): INFO and above, one line per
 * event in slf4j-simple's default layout, then the throwable's stack trace. A {@link PrintStream} never throws, so a
 * full or closed stderr costs a line, never the job.
 */
final class StderrLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient PrintStream out;

    StderrLogger(String name, PrintStream out) {
        this.name = name;
        this.out = out;
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isWarnEnabled() {
        return true;
    }

    @Override
    public boolean isErrorEnabled() {
        return true;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        String line = "[" + Thread.currentThread().getName() + "] " + level + " " + name + " - "
                + MessageFormatter.basicArrayFormat(pattern, arguments);
        // One print per event, so that lines of two threads do not interleave within a line.
        synchronized (out) {
            out.println(line);
            if (throwable != null) {
                throwable.printStackTrace(out);
            }
        }
    }
}
