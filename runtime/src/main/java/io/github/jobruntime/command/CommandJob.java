package io.github.jobruntime.process;

import io.github.jobruntime.Job;
import io.github.jobruntime.JobAbortedException;
import io.github.jobruntime.JobContext;
import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.JobFailedException;
import io.github.jobruntime.MessageHandler;
import io.github.jobruntime.io.Durations;
import io.github.jobruntime.process.MessageAction.On;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an external command as the job: its output passes through to the log and feeds the page, its exit
 * code becomes the job's, and a stop request stops its whole process tree, with SIGKILL for whatever is
 * still running at the end of the grace. Made with {@link #builder(List)}.
 */
public final class CommandJob implements Job, ProcessSource {

    private static final Logger LOG = LoggerFactory.getLogger(CommandJob.class);
    /** How many of the last output lines a failure's result quotes. */
    static final int RESULT_LINES = 20;
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);
    private static final Duration PUMP_WAIT = Duration.ofSeconds(2);
    private static final Duration SETTLE = Duration.ofMillis(500);
    private static final Duration KILL_MARGIN = Duration.ofSeconds(2);
    private static final Duration SIGNAL_SETTLE = Duration.ofSeconds(1);
    private static final Set<Signal> TERMINATING = EnumSet.of(Signal.TERM, Signal.INT, Signal.HUP);

    private final List<String> command;
    private final Path workDir;
    private final List<OutputRule> rules;
    private final List<ImageFile> images;
    private final List<SectionFile> sections;
    private final Path resultFile;
    private final String resultText;
    private final Signal stopSignal;
    private final Path stopFile;
    private final List<On> actions;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final OutputTail tail = new OutputTail();

    private volatile Process process;
    private volatile ProcessTree tree;
    private volatile StdinFeeder stdin;

    private CommandJob(Builder builder) {
        this.command = List.copyOf(builder.command);
        this.workDir = builder.workDir.toAbsolutePath();
        this.rules = List.copyOf(builder.rules);
        this.images = List.copyOf(builder.images);
        this.sections = List.copyOf(builder.sections);
        this.resultFile = builder.resultFile;
        this.resultText = builder.resultText;
        this.stopSignal = builder.stopSignal;
        this.stopFile = builder.stopFile;
        this.actions = List.copyOf(builder.actions);
        this.stdout = builder.stdout;
        this.stderr = builder.stderr;
    }

    /** {@return a builder for running {@code command}, its first element the program} */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /** {@return a handler per {@code --on} message, to register with the runtime} */
    public Map<String, MessageHandler> handlers() {
        Map<String, MessageHandler> handlers = new LinkedHashMap<>();
        for (On on : actions) {
            handlers.put(on.message(), (ctx, argument) -> act(on, argument));
        }
        return handlers;
    }

    @Override
    public String run(JobContext ctx) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Programs.check(command.get(0), workDir)));
        argv.addAll(command.subList(1, command.size()));
        boolean piped = actions.stream().anyMatch(on -> on.action() instanceof MessageAction.WriteStdin);
        rules.forEach(rule -> rule.start(ctx));
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(piped ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT);
        long started = System.nanoTime();
        try {
            tree = ProcessTree.start(builder);
        } catch (IOException e) {
            throw new JobFailedException("cannot start " + command.get(0) + ": " + e.getMessage(), 127);
        }
        Process child = tree.process();
        if (piped) {
            stdin = new StdinFeeder(child.getOutputStream());
        }
        process = child;
        LOG.info("started {} (pid {}) in {}", String.join(" ", command), child.pid(), workDir);
        Output output = new Output(child.pid(),
                OutputPump.start("stdout", child.getInputStream(), stdout, tail.stdout(),
                        new OutputParser("stdout", rules, ctx)),
                OutputPump.start("stderr", child.getErrorStream(), stderr, tail.stderr(),
                        new OutputParser("stderr", rules, ctx)));
        WatchedFiles watcher = new WatchedFiles(Stream.concat(images.stream().map(image -> image.watched(ctx)),
                sections.stream().map(section -> section.watched(ctx))).toList(), workDir);
        watcher.start();
        int exitCode;
        try {
            try {
                exitCode = child.waitFor();
                awaitStopRequestAfterSignal(exitCode);
            } catch (InterruptedException stopRequest) {
                throw stop(ctx, output);
            }
            List<ProcessTable.Entry> left = tree.alive();
            if (!left.isEmpty()) {
                LOG.warn("the command exited with code {} but left {} process(es) running; stopping them", exitCode,
                        left.size());
                ProcessTree.StopReport report = tree.stop(Signal.TERM, Instant.now().plus(LEFTOVER_GRACE));
                LOG.info("the processes left behind: {}", report.describe());
            }
            output.awaitEnd();
        } finally {
            watcher.close();
            if (stdin != null) {
                stdin.close();
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("{} exited with code {} after {}{}", command.get(0), exitCode, Durations.elapsed(elapsed),
                output.unparsedNote());
        if (exitCode != 0) {
            throw new JobFailedException(describeExit(exitCode) + lastLinesText(), exitCode);
        }
        return result(exitCode, elapsed);
    }

    /**
     * A batch system that cancels a job signals all of its processes at once: the command may die of the
     * SIGTERM a moment before the launcher's own stop request comes. Waiting for that request briefly makes the
     * job CANCELLED, as it was, rather than FAILED with exit code 143.
     *
     * @throws InterruptedException when the stop request came
     */
    private static void awaitStopRequestAfterSignal(int exitCode) throws InterruptedException {
        if (Signal.ofExitCode(exitCode).filter(TERMINATING::contains).isPresent()) {
            Thread.sleep(SIGNAL_SETTLE.toMillis());
        }
    }

    private JobAbortedException stop(JobContext ctx, Output output) {
        Instant deadline = ctx.stopDeadline().orElseGet(() -> Instant.now().plus(LEFTOVER_GRACE));
        Duration left = Duration.between(Instant.now(), deadline);
        // SIGKILL well before the runtime's own deadline: the processes must vanish and the output end in time
        // for the result to say how the tree ended.
        Duration margin = left.dividedBy(5).compareTo(KILL_MARGIN) < 0 ? left.dividedBy(5) : KILL_MARGIN;
        String how = "";
        ProcessTree.StopReport report;
        if (stopFile != null && createStopFile()) {
            how = "created " + stopFile + "; ";
            report = tree.awaitEnd(deadline.minus(margin));
        } else {
            report = tree.stop(stopSignal, deadline.minus(margin));
        }
        if (output.awaitEnd()) {
            report = report.withOutputStillHeld();
        }
        LOG.info("{}{}{}", how, report.describe(), output.unparsedNote());
        return new JobAbortedException(how + report.describe());
    }

    /** {@return whether the stop file is there for the command to see; when not, the stop sends the signal} */
    private boolean createStopFile() {
        Path file = workDir.resolve(stopFile);
        try {
            touch(file);
            LOG.info("created {}: waiting for the command to end by itself, SIGKILL at the end of the grace", file);
            return true;
        } catch (IOException e) {
            LOG.error("cannot create the stop file {} ({}); sending {} instead", file, e.getMessage(), stopSignal);
            return false;
        }
    }

    /** Creates {@code file}, or makes it newer; another process (another MPI rank's launcher) may race for it. */
    private static void touch(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException there) {
            try {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
            } catch (NoSuchFileException taken) {
                // The program it is meant for has seen it and removed it meanwhile.
            }
        }
    }

    /** {@return the command's whole tree, as a stop would find it; empty before it starts and after it ended} */
    @Override
    public long[] pids() {
        ProcessTree running = tree;
        return running == null ? new long[0] : running.pids();
    }

    private void act(On on, String argument) throws IOException {
        MessageAction action = on.action();
        if (action instanceof MessageAction.Touch touch) {
            touch(workDir.resolve(touch.file()));
            return;
        }
        ProcessTree running = tree;
        Process child = process;
        if (running == null || child == null || !child.isAlive()) {
            throw new IllegalStateException("the command is not running");
        }
        if (action instanceof MessageAction.SendSignal send) {
            running.signalRoot(send.signal());
        } else {
            stdin.send(argument.isEmpty() ? on.message() : on.message() + " " + argument);
        }
    }

    private String result(int exitCode, Duration elapsed) throws IOException {
        if (resultFile != null) {
            Path file = workDir.resolve(resultFile);
            try {
                byte[] bytes = Files.readAllBytes(file);
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (NoSuchFileException e) {
                throw new JobFailedException("result file " + file + " does not exist after the command exited "
                        + "with code 0 - check --result-file and where the command writes", 1);
            }
        }
        if (resultText != null) {
            return resultText.replace("{exitCode}", Integer.toString(exitCode))
                    .replace("{elapsed}", Durations.elapsed(elapsed));
        }
        return "Command exited with code 0.";
    }

    /** The last lines of what passed through, whether or not the parser kept up with it. */
    private String lastLinesText() {
        List<String> lines = tail.lastLines(RESULT_LINES);
        return lines.isEmpty() ? "" : "\nlast lines of output:\n" + String.join("\n", lines);
    }

    /**
     * The command's two output streams at the end of a run. Neither the end nor the result waits for them more than
     * {@link #PUMP_WAIT}: the copy for the stream's end, then the parser for its last lines, which it leaves out
     * after that.
     *
     * @param pipes the pipes of the command's stdout and stderr, where known, to find who holds one open
     */
    private record Output(List<OutputPump> pumps, List<Optional<String>> pipes) {

        Output(long pid, OutputPump out, OutputPump err) {
            // Read at once, while the command surely still runs: the pipes name what a process outside may hold.
            this(List.of(out, err), List.of(Pipes.of(pid, 1), Pipes.of(pid, 2)));
        }

        /** {@return whether a process outside the command's tree still holds its output open} */
        boolean awaitEnd() {
            long deadline = System.nanoTime() + PUMP_WAIT.toNanos();
            boolean held = false;
            for (int i = 0; i < pumps.size(); i++) {
                held |= !pumps.get(i).awaitCopied(deadline) && heldOpen(pumps.get(i), pipes.get(i));
            }
            for (OutputPump pump : pumps) {
                if (!pump.awaitParsed(deadline)) {
                    pump.stopParsing();
                    LOG.warn("the parsing of the command's {} did not catch up within {} s of its end; the lines still "
                            + "queued are left out", pump.name(), PUMP_WAIT.toSeconds());
                }
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
                    : holders.stream().map(Output::describe).collect(Collectors.joining(", ")));
            return true;
        }

        private static String describe(ProcessHandle process) {
            return "pid " + process.pid() + process.info().command().map(command -> " (" + command + ")").orElse("");
        }

        /** {@return for the log: how many lines were left out of the parsing, if any} */
        String unparsedNote() {
            long unparsed = pumps.stream().mapToLong(OutputPump::unparsedLines).sum();
            return unparsed == 0 ? "" : "; " + unparsed + " lines of its output were left out of the parsing, which "
                    + "fell behind (they passed through)";
        }
    }

    static String describeExit(int exitCode) {
        String text = "command exited with code " + exitCode;
        return Signal.ofExitCode(exitCode).map(s -> text + " (128 + " + s.number() + ": ended by " + s + ")")
                .orElse(text);
    }

    /** Collects the settings of a {@link CommandJob}. */
    public static final class Builder {

        private final List<String> command;
        private Path workDir = Path.of("");
        private final List<OutputRule> rules = new ArrayList<>();
        private final List<ImageFile> images = new ArrayList<>();
        private final List<SectionFile> sections = new ArrayList<>();
        private Path resultFile;
        private String resultText;
        private Signal stopSignal = Signal.TERM;
        private Path stopFile;
        private final List<On> actions = new ArrayList<>();
        private OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        private OutputStream stderr = new FileOutputStream(FileDescriptor.err);

        private Builder(List<String> command) {
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new IllegalArgumentException("no command given - e.g. run -- ./solver input.dat");
            }
            this.command = List.copyOf(command);
        }

        /** The command's working directory; the launcher's own by default. */
        public Builder workDir(Path dir) {
            this.workDir = Objects.requireNonNull(dir, "workDir");
            return this;
        }

        public Builder rules(List<OutputRule> outputRules) {
            rules.addAll(outputRules);
            return this;
        }

        public Builder images(List<ImageFile> files) {
            images.addAll(files);
            return this;
        }

        public Builder sections(List<SectionFile> files) {
            sections.addAll(files);
            return this;
        }

        /** The file whose content becomes the result when the command succeeds (relative to the working directory). */
        public Builder resultFile(Path file) {
            this.resultFile = file;
            return this;
        }

        /** The result when the command succeeds; {@code {exitCode}} and {@code {elapsed}} are filled in. */
        public Builder resultText(String text) {
            this.resultText = text;
            return this;
        }

        /** The signal a stop request sends to the whole tree before SIGKILL; TERM by default. */
        public Builder stopSignal(Signal signal) {
            this.stopSignal = Objects.requireNonNull(signal, "signal");
            return this;
        }

        /**
         * The file (relative to the working directory) a stop request creates instead of sending the
         * {@link #stopSignal stop signal}, for a command that ends cleanly when it appears (e.g. OpenFOAM's
         * {@code abort} function object, which every MPI rank checks at the same time step); the stop then waits
         * for the command and sends SIGKILL to what still runs at the end of the grace. When the file cannot be
         * created, the stop sends the signal. None by default.
         */
        public Builder stopFile(Path file) {
            this.stopFile = file;
            return this;
        }

        /**
         * Adds what the command's messages do.
         *
         * @throws JobConfigurationException when a message is given two actions
         */
        public Builder on(List<On> messageActions) {
            for (On on : messageActions) {
                if (actions.stream().anyMatch(known -> known.message().equals(on.message()))) {
                    throw new JobConfigurationException("--on " + on.message() + " is given twice - give each message "
                            + "one action");
                }
                actions.add(on);
            }
            return this;
        }

        /** Where the command's standard output and error go besides the page; the launcher's own by default. */
        public Builder output(OutputStream out, OutputStream err) {
            this.stdout = Objects.requireNonNull(out, "out");
            this.stderr = Objects.requireNonNull(err, "err");
            return this;
        }

        public CommandJob build() {
            // Linking prctl takes a cold JVM a while: it goes on beside the runtime's start, not before the command's.
            ChildSubreaper.prepare();
            return new CommandJob(this);
        }
    }
}
