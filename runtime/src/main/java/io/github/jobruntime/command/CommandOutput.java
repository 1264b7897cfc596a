package io.github.jobruntime.command;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.os.Pipes;
import io.github.jobruntime.status.log.LogTail;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * A command's two output streams: each passes through to the launcher's own and feeds its parser and the page's log
 * tail, and what passed through keeps the last lines for the result. Neither the end nor the result waits for them
 * more than {@link #PUMP_WAIT}: the copy for the stream's end, then the parsing for its last lines, which it leaves
 * out after that.
 */
final class CommandOutput {

    private static final Logger LOG = Logs.get(CommandOutput.class);
    /** How many of the last output lines a failure's result quotes. */
    static final int RESULT_LINES = 20;
    private static final Duration PUMP_WAIT = Duration.ofSeconds(2);
    private static final Duration SETTLE = Duration.ofMillis(500);

    private final OutputStream stdout;
    private final OutputStream stderr;
    private final OutputLines lines;
    private final OutputTail tail = new OutputTail();
    /** The job's thread only, as the rest: set by {@link #start}. */
    private List<OutputPump> pumps = List.of();
    /** The pipes of the command's stdout and stderr, where known, to find who holds one open. */
    private List<Optional<String>> pipes = List.of();

    private CommandOutput(OutputStream stdout, OutputStream stderr, OutputLines lines) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.lines = lines;
    }

    /**
     * {@return the output of a command about to start, to be copied to {@code stdout} and {@code stderr}, parsed by
     * {@code rules} and {@code tables} and shown in the page's log tail as a terminal shows it} Made before the
     * command starts, so that {@link #start} reads its pipes at once.
     */
    static CommandOutput prepare(OutputStream stdout, OutputStream stderr, List<OutputRule> rules,
            List<TableRule> tables, JobContext ctx) {
        ProgressLead lead = new ProgressLead();
        return new CommandOutput(stdout, stderr, OutputLines.of(List.of("stdout", "stderr"),
                List.of(new OutputParser("stdout", rules, tables, ctx, lead),
                        new OutputParser("stderr", rules, List.of(), ctx, lead)),
                new OutputScreen(logTail(ctx))));
    }

    /**
     * Starts reading {@code child}'s output. Call it first thing after the start: what the command writes before
     * both pipes are read cannot be put in the order it came (stdout's "01" and "03" come in one read, then
     * stderr's "02").
     */
    void start(Process child) {
        lines.start();
        pumps = List.of(OutputPump.start(child.getInputStream(), stdout, tail.stdout(), lines.stream(0)),
                OutputPump.start(child.getErrorStream(), stderr, tail.stderr(), lines.stream(1)));
        // Read at once, while the command surely still runs: the pipes name what a process outside may hold.
        pipes = List.of(Pipes.of(child.pid(), 1), Pipes.of(child.pid(), 2));
    }

    /**
     * {@return the page's log tail, which redraws lines, where the runtime gives one; otherwise the job's
     * {@link JobContext#tail}, to which each redraw adds lines}
     */
    static LogTail logTail(JobContext ctx) {
        if (ctx instanceof LogTail page) {
            return page;
        }
        return new LogTail() {
            @Override
            public void add(String line) {
                ctx.tail(line);
            }

            @Override
            public void replaceLast(int count, List<String> replacement) {
                replacement.forEach(ctx::tail);
            }
        };
    }

    /** {@return whether a process outside the command's tree still holds its output open} */
    boolean awaitEnd() {
        long deadline = System.nanoTime() + PUMP_WAIT.toNanos();
        boolean held = false;
        for (int i = 0; i < pumps.size(); i++) {
            held |= !pumps.get(i).awaitCopied(deadline) && heldOpen(pumps.get(i), pipes.get(i));
        }
        if (!lines.awaitParsed(deadline)) {
            lines.stopParsing();
            LOG.warn("the parsing of the command's output did not catch up within {} s of its end; the lines still "
                    + "queued are left out", PUMP_WAIT.toSeconds());
        }
        return held;
    }

    /**
     * Says why a stream is still open after the command ended. Only a process still holding the pipe's other end
     * keeps the copy waiting for more: a copy stuck in writing to the launcher's own output is not one.
     */
    private static boolean heldOpen(OutputPump pump, Optional<String> pipe) {
        if (pump.stuckPassingOn()) {
            LOG.warn("the command's {} is still being copied after the command ended: the launcher's own {} takes "
                    + "no more (whatever reads it has stopped); not waiting for it", pump.name(), pump.name());
            return false;
        }
        List<ProcessHandle> holders = pipe.map(Pipes::holders).orElse(List.of());
        // None seen: one of another user, or none at all and the copy is only slow to see the end (a busy CPU).
        if (holders.isEmpty() && pump.awaitCopied(System.nanoTime() + SETTLE.toNanos())) {
            return false;
        }
        LOG.warn("the command's {} is still open after the command ended: {} outside its tree holds it; not "
                + "waiting for it", pump.name(), holders.isEmpty() ? "a process this launcher cannot see"
                : holders.stream().map(CommandOutput::describe).collect(Collectors.joining(", ")));
        return true;
    }

    private static String describe(ProcessHandle process) {
        return "pid " + process.pid() + process.info().command().map(command -> " (" + command + ")").orElse("");
    }

    /** {@return for the log: how many lines were left out of the parsing, if any} */
    String unparsedNote() {
        long unparsed = lines.unparsedLines();
        return unparsed == 0 ? "" : "; " + unparsed + " lines of its output were left out of the parsing, which "
                + "fell behind (they passed through)";
    }

    /** {@return for a failure's result: the last lines of what passed through, whether or not the parser kept up} */
    String lastLinesText() {
        List<String> lines = tail.lastLines(RESULT_LINES);
        return lines.isEmpty() ? "" : "\nlast lines of output:\n" + String.join("\n", lines);
    }
}
