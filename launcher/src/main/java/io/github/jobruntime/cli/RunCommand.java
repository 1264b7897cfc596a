package io.github.jobruntime.cli;

import io.github.jobruntime.Control;
import io.github.jobruntime.JobConfigurationException;
import io.github.jobruntime.JobRuntime;
import io.github.jobruntime.command.CommandJob;
import io.github.jobruntime.command.ImageFile;
import io.github.jobruntime.command.MessageAction;
import io.github.jobruntime.command.OutputRule;
import io.github.jobruntime.command.ProgressTotal;
import io.github.jobruntime.command.SectionFile;
import io.github.jobruntime.command.Sourced;
import io.github.jobruntime.command.TableRule;
import io.github.jobruntime.os.Signal;
import io.github.jobruntime.launcher.DurationConverter;
import io.github.jobruntime.launcher.JobRuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code job-runtime run -- COMMAND...}: supervises any program as a job. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs COMMAND as a job: its output goes to the log and feeds the status page (progress, message, "
                    + "metrics, log tail), its exit code becomes the job's, and ABORT or SIGTERM stops its whole "
                    + "process tree (the --abort-signal, then SIGKILL at the end of the grace).",
            "Example: run --progress 'Step (?<done>\\d+) of (?<total>\\d+)' -- ./solver input.dat"},
        footer = {"", "Exit code: the command's; 143 after SIGTERM; the --abort-exit-code after ABORT; "
                + "2 for a usage error."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    private JobRuntimeOptions runtime;

    @Option(names = Presets.OPTION, paramLabel = "NAME|FILE",
            description = "The options for a program people run, from a preset: openfoam, lammps, gromacs, tqdm, "
                    + "ffmpeg, rsync, training, or a file in their format (one option per line). Your own options add "
                    + "to its rules and replace its single values. Repeatable.")
    private List<String> presets = new ArrayList<>();

    @Option(names = "--workdir", paramLabel = "DIR", description = "The command's working directory (default: the current one).")
    private Path workDir;

    @Option(names = "--progress", paramLabel = "REGEX", converter = ProgressConverter.class,
            description = "Progress from output lines: named groups done and total, done alone with "
                    + "--progress-total or a rule for total alone (e.g. '^(?<total>\\d+) steps,', each match a new "
                    + "total), or percent. Numbers may be decimal or clock times (00:01:20.5, in seconds). "
                    + "Prefix file:PATH: to read a file the command writes. Repeatable: the first that has "
                    + "matched drives the bar, e.g. an outer bar's before an inner one's; a rule with a group bar "
                    + "drives it with the first bar it matched, told apart by that group and its total.")
    private List<Sourced<OutputRule.Progress>> progress = new ArrayList<>();

    @Option(names = "--progress-total", paramLabel = "VALUE", converter = ProgressTotalConverter.class,
            description = "The total for --progress rules without a total group: a number (0.5, 2e3) or FILE:REGEX, "
                    + "the named group total of REGEX in the first " + (ProgressTotal.MAX_FILE_BYTES >> 20)
                    + " MiB of FILE (a regular file, relative to --workdir), read once at start, e.g. "
                    + "'system/controlDict:^endTime\\s+(?<total>[^;\\s]+)'.")
    private ProgressTotal progressTotal;

    @Option(names = "--message", paramLabel = "REGEX", converter = MessageConverter.class,
            description = "The page's current message from output lines: the named group message, or the whole "
                    + "match. Prefix file:PATH: to read a file the command writes. Repeatable.")
    private List<Sourced<OutputRule>> messages = new ArrayList<>();

    @Option(names = "--metric", paramLabel = "NAME=REGEX", converter = MetricConverter.class,
            description = "A numeric series charted on the page: the named group value. Prefix file:PATH: to read "
                    + "a file the command writes, e.g. 'file:train.log:loss=loss (?<value>\\S+)'. Repeatable.")
    private List<Sourced<OutputRule>> metrics = new ArrayList<>();

    @Option(names = "--table", paramLabel = "COLUMNS", converter = TableConverter.class,
            description = "Charts the columns named, as in 'Temp,Press', of a table: a header line of column "
                    + "names, then rows of numbers (LAMMPS thermo output, CSV, GROMACS md.log energies). Prefix "
                    + "file:PATH: to read a file the command writes, as in 'file:metrics.csv:loss,accuracy'. "
                    + "Repeatable.")
    private List<Sourced<TableRule>> tables = new ArrayList<>();

    @Option(names = "--fact", paramLabel = "NAME=REGEX", converter = FactConverter.class,
            description = "A key figure in the page's table of facts: the named group value; a later match replaces "
                    + "the value. Prefix file:PATH: to read a file the command writes. Repeatable.")
    private List<Sourced<OutputRule>> facts = new ArrayList<>();

    @Option(names = "--section", paramLabel = "TITLE=PATH", converter = SectionConverter.class,
            description = "An HTML fragment the command writes, shown sanitized under TITLE in its latest version. "
                    + "Repeatable.")
    private List<SectionFile> sections = new ArrayList<>();

    @Option(names = "--image", paramLabel = "PATH", converter = ImageConverter.class,
            description = "A PNG, JPEG, GIF, WebP or SVG file the command writes; the page shows its latest version. "
                    + "Repeatable.")
    private List<ImageFile> images = new ArrayList<>();

    @Option(names = "--unbuffered", paramLabel = "BOOLEAN", arity = "1", defaultValue = "true",
            description = "Run COMMAND with PYTHONUNBUFFERED=1 and GFORTRAN_UNBUFFERED_PRECONNECTED=y unless set "
                    + "already, so that Python and gfortran programs print each line at once on a pipe, as on a "
                    + "terminal (default: ${DEFAULT-VALUE}). For C and C++ programs: -- stdbuf -oL ./solver.")
    private boolean unbuffered;

    @ArgGroup(exclusive = true)
    private Result result;

    @Option(names = "--abort-signal", paramLabel = "SIGNAL", defaultValue = "TERM", converter = SignalConverter.class,
            description = "Sent on ABORT or SIGTERM to the command's process, then to the rest of its tree (see "
                    + "--tree-signal-delay), before SIGKILL at the end of the grace (default: ${DEFAULT-VALUE}).")
    private Signal abortSignal;

    @Option(names = "--tree-signal-delay", paramLabel = "DURATION", defaultValue = "1s",
            converter = DurationConverter.class,
            description = "The --abort-signal goes to the command's own process first, and to the rest of its tree "
                    + "once that process has ended or this long after, whichever comes first: a wrapper script's "
                    + "trap gets to finish its clean-up (default: ${DEFAULT-VALUE}; 0 signals the whole tree at once).")
    private Duration treeSignalDelay;

    @Option(names = "--abort-file", paramLabel = "PATH",
            description = "Created (relative to --workdir) on ABORT or SIGTERM instead of sending the --abort-signal, "
                    + "for a solver that stops cleanly when it appears (OpenFOAM's abort function object); SIGKILL "
                    + "to what still runs at the end of the grace.")
    private Path abortFile;

    @Spec
    private CommandSpec spec;

    @Option(names = "--on", paramLabel = "MESSAGE=ACTION", converter = OnConverter.class,
            description = "What a control message does: signal:NAME (to the command's process), stdin (the message "
                    + "line to its standard input) or touch:PATH. Repeatable.")
    private List<MessageAction.On> actions = new ArrayList<>();

    @Option(names = "--control", paramLabel = "LABEL=MESSAGE", converter = ControlConverter.class,
            description = "A button on the page that sends MESSAGE, e.g. 'Write checkpoint=CHECKPOINT'. "
                    + "An Abort button is always there. Repeatable.")
    private List<Control> controls = new ArrayList<>();

    @Parameters(paramLabel = "COMMAND", arity = "1..*",
            description = "The program and its arguments, after --. Never given to a shell.")
    private List<String> command;

    static final class Result {
        @Option(names = "--result-file", paramLabel = "PATH", required = true,
                description = "The result is this file's content when the command succeeds.")
        Path file;

        @Option(names = "--result-text", paramLabel = "TEXT", required = true,
                description = "The result when the command succeeds; {exitCode} and {elapsed} are filled in "
                        + "(default: 'Command exited with code 0.').")
        String text;
    }

    @Override
    public Integer call() {
        for (String preset : presets) {
            // Expanded before parsing (Presets.expand) when it could be read; here, what could not is reported.
            Presets.options(preset);
        }
        Path dir = workDir == null ? Path.of("") : workDir;
        if (workDir != null && !Files.isDirectory(workDir)) {
            throw new JobConfigurationException("working directory " + workDir + " is not a folder - give an "
                    + "existing one with --workdir DIR");
        }
        if (abortFile != null && spec.commandLine().getParseResult().hasMatchedOption("--abort-signal")) {
            throw new ParameterException(spec.commandLine(), "--abort-file and --abort-signal are both given - give "
                    + "one: the file replaces the signal on ABORT and SIGTERM");
        }
        if (treeSignalDelay.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--tree-signal-delay " + treeSignalDelay + " is negative "
                    + "- give 0 to signal the whole tree at once, or a duration such as 1s");
        }
        List<OutputRule> rules = new ArrayList<>();
        CommandJob.Builder commandJob = CommandJob.builder(command);
        for (Sourced<? extends OutputRule> rule : Stream.of(progressRules(dir), messages, metrics, facts)
                .flatMap(List::stream).toList()) {
            if (rule.fromOutput()) {
                rules.add(rule.rule());
            } else {
                commandJob.fileRules(rule.file(), List.of(rule.rule()), List.of());
            }
        }
        tables.forEach(table -> {
            if (table.fromOutput()) {
                commandJob.tables(List.of(table.rule()));
            } else {
                commandJob.fileRules(table.file(), List.of(), List.of(table.rule()));
            }
        });
        CommandJob job = commandJob.workDir(dir).rules(rules).images(images).sections(sections)
                .resultFile(result == null ? null : result.file).resultText(result == null ? null : result.text)
                .stopSignal(abortSignal).treeSignalDelay(treeSignalDelay).stopFile(abortFile).on(actions)
                .unbuffered(unbuffered).build();
        JobRuntime.Builder builder = JobRuntime.builder()
                .title(Path.of(command.get(0)).getFileName().toString())
                .control("Abort", "ABORT", "Abort the job? The command and every process it started will be stopped.");
        controls.forEach(control -> builder.control(control.label(), control.message(), control.confirmation()));
        job.handlers().forEach(builder::on);
        return builder.options(runtime).build().run(job, job.processes()).exitCode();
    }

    /** The --progress rules, those without a total group given the --progress-total, read now from its file. */
    private List<Sourced<OutputRule.Progress>> progressRules(Path dir) {
        if (progressTotal == null) {
            boolean totalRule = progress.stream().anyMatch(rule -> rule.rule().kind() == OutputRule.Progress.Kind.TOTAL);
            progress.stream().map(Sourced::rule).filter(OutputRule.Progress::needsTotal).filter(rule -> !totalRule)
                    .findFirst().ifPresent(rule -> {
                        throw new JobConfigurationException("--progress '" + rule.pattern() + "' has no (?<total>...) "
                                + "group - give the total with --progress-total VALUE or FILE:REGEX, e.g. "
                                + "--progress-total 'system/controlDict:^endTime\\s+(?<total>[^;\\s]+)', or a "
                                + "--progress rule that reads the total alone, e.g. '^(?<total>\\d+) steps,'");
                    });
            return progress;
        }
        double total;
        try {
            total = progressTotal.read(dir);
        } catch (IllegalArgumentException e) {
            throw new JobConfigurationException(e.getMessage(), e);
        }
        return progress.stream().map(rule -> new Sourced<>(rule.file(), rule.rule().withTotal(total))).toList();
    }

    /** Turns a parse error into picocli's "Invalid value for option" with our message. */
    private abstract static class Parsing<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Parsing(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String value) {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ProgressConverter extends Parsing<Sourced<OutputRule.Progress>> {
        ProgressConverter() {
            super(spec -> Sourced.parse(spec, OutputRule.Progress::parse));
        }
    }

    static final class ProgressTotalConverter extends Parsing<ProgressTotal> {
        ProgressTotalConverter() {
            super(ProgressTotal::parse);
        }
    }

    static final class MessageConverter extends Parsing<Sourced<OutputRule>> {
        MessageConverter() {
            super(spec -> Sourced.parse(spec, OutputRule.Message::parse));
        }
    }

    static final class MetricConverter extends Parsing<Sourced<OutputRule>> {
        MetricConverter() {
            super(spec -> Sourced.parse(spec, OutputRule.Metric::parse));
        }
    }

    static final class FactConverter extends Parsing<Sourced<OutputRule>> {
        FactConverter() {
            super(spec -> Sourced.parse(spec, OutputRule.Fact::parse));
        }
    }

    static final class TableConverter extends Parsing<Sourced<TableRule>> {
        TableConverter() {
            super(spec -> Sourced.parse(spec, TableRule::parse));
        }
    }

    static final class SectionConverter extends Parsing<SectionFile> {
        SectionConverter() {
            super(SectionFile::parse);
        }
    }

    static final class ImageConverter extends Parsing<ImageFile> {
        ImageConverter() {
            super(ImageFile::parse);
        }
    }

    static final class SignalConverter extends Parsing<Signal> {
        SignalConverter() {
            super(Signal::parse);
        }
    }

    static final class OnConverter extends Parsing<MessageAction.On> {
        OnConverter() {
            super(MessageAction.On::parse);
        }
    }

    static final class ControlConverter extends Parsing<Control> {
        ControlConverter() {
            super(spec -> {
                int equals = spec.indexOf('=');
                if (equals <= 0 || equals == spec.length() - 1) {
                    throw new IllegalArgumentException("\"" + spec + "\" is not LABEL=MESSAGE - e.g. "
                            + "'Write checkpoint=CHECKPOINT'");
                }
                return new Control(spec.substring(0, equals).strip(), spec.substring(equals + 1).strip());
            });
        }
    }
}
