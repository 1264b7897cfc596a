package io.github.jobruntime.process;

import io.github.jobruntime.io.LineSplitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output stream of the command, byte for byte, to the launcher's own (the platform's log file),
 * and hands each line to the parser. Reading never stops before the end of the stream, whatever fails on the
 * way: a command blocked on a full pipe would hang.
 */
final class OutputPump implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

    private final String name;
    private final InputStream in;
    private final OutputStream passThrough;
    private final LineSplitter splitter;

    private OutputPump(String name, InputStream in, OutputStream passThrough, Consumer<String> lines) {
        this.name = name;
        this.in = in;
        this.passThrough = passThrough;
        this.splitter = new LineSplitter("the command's " + name, true, line -> {
            try {
                lines.accept(line);
            } catch (RuntimeException e) {
                LOG.warn("cannot parse a line of the command's {}: {}", name, e.toString());
            }
        });
    }

    /** Starts a named daemon thread that pumps until the stream ends. */
    static Thread start(String name, InputStream in, OutputStream passThrough, Consumer<String> lines) {
        Thread thread = new Thread(new OutputPump(name, in, passThrough, lines), "job-runtime-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[64 * 1024];
        boolean passing = true;
        try (in) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                passing = passing && pass(buffer, read);
                splitter.feed(buffer, 0, read);
            }
        } catch (IOException e) {
            LOG.warn("cannot read the command's {} any more: {}", name, e.getMessage());
        } finally {
            splitter.finish();
            flush();
        }
    }

    private boolean pass(byte[] buffer, int length) {
        try {
            passThrough.write(buffer, 0, length);
            // Flush when the command has nothing more for now: whole bursts in one write, no line held back.
            if (in.available() == 0) {
                passThrough.flush();
            }
            return true;
        } catch (IOException e) {
            LOG.warn("cannot pass the command's {} on ({}); parsing it still, no longer copying it", name,
                    e.getMessage());
            return false;
        }
    }

    private void flush() {
        try {
            passThrough.flush();
        } catch (IOException e) {
            LOG.debug("flush of the command's {} failed: {}", name, e.getMessage());
        }
    }
}
