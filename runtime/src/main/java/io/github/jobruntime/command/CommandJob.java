package io.github.jobruntime.command;

import io.github.jobruntime.Job;
import io.github.jobruntime.JobAbortedException;
import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.JobContext;
import io.github.jobruntime.JobFailedException;
import io.github.jobruntime.MessageHandler;
import io.github.jobruntime.command.MessageAction.On;
import io.github.jobruntime.io.Durations;
import io.github.jobruntime.io.Logs;
import io.github.jobruntime.os.ProcessSource;
import io.github.jobruntime.os.ProcessTree;
import io.github.jobruntime.os.Programs;
import io.github.jobruntime.os.Signal;
import io.github.jobruntime.os.StopReport;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Runs an external command as the job: its output passes through to the log and feeds the page, its exit
 * code becomes the job's, and a stop request stops its whole process tree, with SIGKILL for whatever is
 * still running at the end of the grace. Made with {@link #builder(List)}; the run is given its
 * {@link #processes()}, whose resources the page shows.
 */
public final class CommandJob implements Job {

    private static final Logger LOG = Logs.get(CommandJob.class);
    private static final Duration LEFTOVER_GRACE = Duration.ofSeconds(5);
    private static final Duration KILL_MARGIN = Duration.ofSeconds(2);
    private static final Duration SIGNAL_SETTLE = Duration.ofSeconds(1);
    /**
     * How long the rest of the tree waits for the command's own process to end after its signal, by default. Where
     * the top does not trap the signal it ends at once and the rest follows within milliseconds; mpirun (Open MPI
     * 4.1) stops its ranks itself within 0.9 to 1.2 s; a wrapper that traps the signal but waits for a foreground
     * solver (bash runs a trap only once that has ended) costs the whole delay.
     */
    public static final Duration DEFAULT_TREE_SIGNAL_DELAY = Duration.ofSeconds(1);
    private static final Set<Signal> TERMINATING = EnumSet.of(Signal.TERM, Signal.INT, Signal.HUP);
    /**
     * What makes common runtimes write each line to a pipe at once, as they do to a terminal: without it, a Python
     * script's print() reaches the page when its 8 KiB buffer fills or it exits, and gfortran's WRITE to the
     * standard units alike. Both cost a write per line, which a program printing a line per step does not notice.
     * C stdio has no such variable (stdbuf -oL sets it from outside); Java, Go, Rust and Node do not buffer past a
     * line.
     */
    static final Map<String, String> UNBUFFERED = Map.of("PYTHONUNBUFFERED", "1",
            "GFORTRAN_UNBUFFERED_PRECONNECTED", "y");

    private final List<String> command;
    private final Path workDir;
    private final List<OutputRule> rules;
    private final List<TableRule> tables;
    private final List<FollowedFiles.Rules> fileRules;
    private final List<ImageFile> images;
    private final List<SectionFile> sections;
    private final Path resultFile;
    private final String resultText;
    private final StopStrategy stopStrategy;
    private final MessageActions actions;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final boolean unbuffered;

    private volatile ProcessTree tree;

    private CommandJob(Builder builder) {
        this.command = List.copyOf(builder.command);
        this.workDir = builder.workDir.toAbsolutePath();
        RunningTotal total = new RunningTotal(Stream.concat(builder.rules.stream(),
                        builder.fileRules.stream().flatMap(file -> file.rules().stream()))
                .flatMap(rule -> rule instanceof OutputRule.Progress progress ? Stream.of(progress.total().total())
                        : Stream.empty())
                .filter(Double::isFinite).findFirst().orElse(Double.NaN));
        this.rules = sharing(builder.rules, total);
        this.tables = List.copyOf(builder.tables);
        this.fileRules = builder.fileRules.stream()
                .map(file -> new FollowedFiles.Rules(file.path(), sharing(file.rules(), total), file.tables())).toList();
        this.images = List.copyOf(builder.images);
        this.sections = List.copyOf(builder.sections);
        this.resultFile = builder.resultFile;
        this.resultText = builder.resultText;
        StopStrategy.SendSignal signal = new StopStrategy.SendSignal(builder.stopSignal, builder.treeSignalDelay);
        this.stopStrategy = builder.stopFile == null ? signal
                : new StopStrategy.CreateFile(builder.stopFile, workDir, signal);
        this.actions = new MessageActions(builder.actions, workDir);
        this.stdout = builder.stdout;
        this.stderr = builder.stderr;
        this.unbuffered = builder.unbuffered;
    }

    /**
     * {@return the rules, those of progress that read {@code done} or a {@code total} alone made to share
     * {@code total}} It starts as the first total given ({@code --progress-total}); a total rule's match, from the
     * output or a file, replaces it.
     */
    private static List<OutputRule> sharing(List<OutputRule> rules, RunningTotal total) {
        return rules.stream().map(rule -> rule instanceof OutputRule.Progress progress ? progress.sharing(total) : rule)
                .toList();
    }

    /** {@return a builder for running {@code command}, its first element the program} */
    public static Builder builder(List<String> command) {
        return new Builder(command);
    }

    /** {@return a handler per {@code --on} message, to register with the runtime} */
    public Map<String, MessageHandler> handlers() {
        return actions.handlers();
    }

    /** {@return the command's whole tree, as a stop would find it; no process before it starts and after it ended} */
    public ProcessSource processes() {
        return () -> {
            ProcessTree running = tree;
            return running == null ? new long[0] : running.pids();
        };
    }

    @Override
    public String run(JobContext ctx) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Programs.check(command.get(0), workDir)));
        argv.addAll(command.subList(1, command.size()));
        rules.forEach(rule -> rule.start(ctx));
        fileRules.forEach(file -> file.rules().forEach(rule -> rule.start(ctx)));
        // Noted before the command starts: a file that was there already is not read until it changes.
        FollowedFiles followed = new FollowedFiles(fileRules, workDir, ctx);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(actions.writeStdin() ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.INHERIT);
        if (unbuffered) {
            unbuffer(builder.environment());
        }
        CommandOutput output = CommandOutput.prepare(stdout, stderr, rules, tables, ctx);
        long started = System.nanoTime();
        ProcessTree running;
        try {
            running = ProcessTree.start(builder);
        } catch (IOException e) {
            throw new JobFailedException("cannot start " + command.get(0) + ": " + e.getMessage(), 127);
        }
        Process child = running.process();
        output.start(child);
        tree = running;
        actions.started(running);
        LOG.info("started {} (pid {}) in {}", String.join(" ", command), child.pid(), workDir);
        WatchedFiles watcher = new WatchedFiles(Stream.concat(images.stream().map(image -> image.watched(ctx)),
                sections.stream().map(section -> section.watched(ctx))).toList(), workDir);
        watcher.start();
        followed.start();
        int exitCode;
        try (actions) {
            try {
                exitCode = child.waitFor();
                awaitStopRequestAfterSignal(exitCode);
            } catch (InterruptedException stopRequest) {
                throw stop(ctx, output);
            }
            stopLeftovers(exitCode);
            output.awaitEnd();
        } finally {
            watcher.close();
            followed.close();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("{} exited with code {} after {}{}", command.get(0), exitCode, Durations.elapsed(elapsed),
                output.unparsedNote());
        if (exitCode != 0) {
            throw new JobFailedException(describeExit(exitCode) + output.lastLinesText(), exitCode);
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

    private JobAbortedException stop(JobContext ctx, CommandOutput output) {
        Instant deadline = ctx.stopDeadline().orElseGet(() -> Instant.now().plus(LEFTOVER_GRACE));
        Duration left = Duration.between(Instant.now(), deadline);
        // SIGKILL well before the runtime's own deadline: the processes must vanish and the output end in time
        // for the result to say how the tree ended.
        Duration margin = left.dividedBy(5).compareTo(KILL_MARGIN) < 0 ? left.dividedBy(5) : KILL_MARGIN;
        StopStrategy.Stopped stopped = stopStrategy.stop(tree, deadline.minus(margin));
        StopReport report = output.awaitEnd() ? stopped.report().withOutputStillHeld() : stopped.report();
        LOG.info("{}{}{}", stopped.how(), report.describe(), output.unparsedNote());
        return new JobAbortedException(stopped.how() + report.describe());
    }

    /** The command exited: processes it left running (daemons, background jobs) are stopped, not left behind. */
    private void stopLeftovers(int exitCode) {
        int left = tree.running();
        if (left > 0) {
            LOG.warn("the command exited with code {} but left {} process(es) running; stopping them", exitCode, left);
            StopReport report = tree.stop(Signal.TERM, Instant.now().plus(LEFTOVER_GRACE));
            LOG.info("the processes left behind: {}", report.describe());
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

    /** Sets the {@link #UNBUFFERED} variables that {@code environment} does not have: the user's own settings win. */
    static void unbuffer(Map<String, String> environment) {
        UNBUFFERED.forEach(environment::putIfAbsent);
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
        private final List<TableRule> tables = new ArrayList<>();
        private final List<FollowedFiles.Rules> fileRules = new ArrayList<>();
        private final List<ImageFile> images = new ArrayList<>();
        private final List<SectionFile> sections = new ArrayList<>();
        private Path resultFile;
        private String resultText;
        private Signal stopSignal = Signal.TERM;
        private Duration treeSignalDelay = DEFAULT_TREE_SIGNAL_DELAY;
        private Path stopFile;
        private final List<On> actions = new ArrayList<>();
        private OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        private OutputStream stderr = new FileOutputStream(FileDescriptor.err);
        private boolean unbuffered = true;

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

        /** Tables the command prints, whose named columns are charted. */
        public Builder tables(List<TableRule> tableRules) {
            tables.addAll(tableRules);
            return this;
        }

        /**
         * Rules that read {@code file}, a file the command writes (relative to the working directory), rather than
         * its output: it may not exist yet, and may be replaced or truncated; one there before the command started
         * is read once it changes.
         */
        public Builder fileRules(Path file, List<OutputRule> outputRules, List<TableRule> tableRules) {
            for (int i = 0; i < fileRules.size(); i++) {
                FollowedFiles.Rules known = fileRules.get(i);
                if (known.path().equals(file)) {
                    List<OutputRule> allRules = new ArrayList<>(known.rules());
                    allRules.addAll(outputRules);
                    List<TableRule> allTables = new ArrayList<>(known.tables());
                    allTables.addAll(tableRules);
                    fileRules.set(i, new FollowedFiles.Rules(file, allRules, allTables));
                    return this;
                }
            }
            fileRules.add(new FollowedFiles.Rules(file, outputRules, tableRules));
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
         * How long after the stop signal to the command's own process the rest of its tree gets it too, unless that
         * process ends sooner: a wrapper script that traps the signal gets to stop its children its own way, and
         * what it starts after the signal (its clean-up) gets the signal only once it has ended. Zero signals the
         * whole tree at once; {@link #DEFAULT_TREE_SIGNAL_DELAY} by default.
         *
         * @throws IllegalArgumentException when the delay is negative
         */
        public Builder treeSignalDelay(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("--tree-signal-delay " + delay + " is negative - give 0 to signal "
                        + "the whole tree at once, or a duration such as 1s");
            }
            this.treeSignalDelay = delay;
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

        /**
         * Whether the command runs with {@code PYTHONUNBUFFERED=1} and {@code GFORTRAN_UNBUFFERED_PRECONNECTED=y}
         * where its environment does not set them, so that Python and gfortran programs write each line to the
         * pipe at once, as to a terminal; true by default.
         */
        public Builder unbuffered(boolean lineByLine) {
            this.unbuffered = lineByLine;
            return this;
        }

        public CommandJob build() {
            // Linking prctl takes a cold JVM a while: it goes on beside the runtime's start, not before the command's.
            ProcessTree.prepare();
            return new CommandJob(this);
        }
    }
}
