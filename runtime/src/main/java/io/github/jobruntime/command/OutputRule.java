package io.github.jobruntime.command;

import io.github.jobruntime.JobContext;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A regular expression that turns lines of a command's output into progress, a message or a metric point.
 * Each is searched for anywhere in a line ({@link Matcher#find()}); the first match in a line counts.
 */
public sealed interface OutputRule {

    /** {@return the regular expression searched for in each line} */
    Pattern pattern();

    /** {@return the option as given on the command line, e.g. {@code --metric 'residual=...'}, for messages} */
    String option();

    /**
     * Applies the rule to one line of output, in which {@code found}, a matcher of {@link #pattern()}, has just
     * found its match: the caller keeps one matcher per rule and thread and resets it for each line, rather than
     * making one (and its group arrays) per line and rule. A match whose numbers do not parse is left alone.
     */
    void apply(String line, Matcher found, JobContext ctx);

    /** Called once before the command starts, e.g. to show the total of the progress from the first page. */
    default void start(JobContext ctx) {
    }

    /**
     * {@code --progress REGEX}: named groups {@code done} and {@code total} (e.g. {@code Step (?<done>\d+) of
     * (?<total>\d+)}), {@code done} alone with a total given apart (e.g. {@code ^Time = (?<done>\S+)} with
     * {@code --progress-total}), or {@code percent} (e.g. {@code (?<percent>[\d.]+)%}). A rule with {@code total}
     * alone (e.g. GROMACS's {@code ^\s*(?<total>\d+) steps,}) gives the rules that read {@code done} alone their
     * total, each time it matches. Numbers may be decimal, or clock times in seconds ({@code 00:01:20.5}). A rule
     * with a {@code bar} group (e.g. tqdm's description) tells the bars it matches apart by that group and their
     * total: the first bar it saw drives the progress ({@link ProgressLead}).
     *
     * @param kind  which of the groups above the pattern has
     * @param bar   whether the pattern has a {@code bar} group
     * @param total the total of a {@link Kind#DONE} rule, shared with the {@link Kind#TOTAL} rules of the same
     *              command once {@link #sharing} joins them
     */
    record Progress(Pattern pattern, Kind kind, boolean bar, RunningTotal total) implements OutputRule {

        /** Which named groups a progress pattern has. */
        public enum Kind {
            /** {@code percent}. */
            PERCENT,
            /** {@code done} and {@code total}. */
            DONE_OF_TOTAL,
            /** {@code done} alone: the total comes from {@code --progress-total} or a {@link #TOTAL} rule. */
            DONE,
            /** {@code total} alone: the total of the {@link #DONE} rules. */
            TOTAL
        }

        /**
         * Reads a {@code --progress} regular expression.
         *
         * @throws IllegalArgumentException saying what is wrong with {@code regex} and how to write it
         */
        public static Progress parse(String regex) {
            Pattern pattern = compile(regex);
            Set<String> groups = groupNames(regex);
            boolean bar = groups.contains("bar");
            if (groups.contains("percent")) {
                return new Progress(pattern, Kind.PERCENT, bar, new RunningTotal(Double.NaN));
            }
            if (groups.contains("done")) {
                return new Progress(pattern, groups.contains("total") ? Kind.DONE_OF_TOTAL : Kind.DONE, bar,
                        new RunningTotal(Double.NaN));
            }
            if (groups.contains("total")) {
                return new Progress(pattern, Kind.TOTAL, bar, new RunningTotal(Double.NaN));
            }
            throw new IllegalArgumentException("\"" + regex + "\" needs the named groups (?<done>...) and "
                    + "(?<total>...), (?<done>...) with --progress-total or a rule for the (?<total>...) alone, or "
                    + "(?<percent>...) - e.g. 'Step (?<done>\\d+) of (?<total>\\d+)'");
        }

        @Override
        public String option() {
            return "--progress '" + pattern + "'";
        }

        /** {@return whether the pattern reads {@code done} only and has no total yet} */
        public boolean needsTotal() {
            return kind == Kind.DONE && Double.isNaN(total.total());
        }

        /** {@return whether a match moves the bar, rather than only giving a total} */
        boolean reports() {
            return kind != Kind.TOTAL;
        }

        /** {@return this rule with {@code value} as its total, if it reads {@code done} alone} */
        public Progress withTotal(double value) {
            return kind == Kind.DONE ? new Progress(pattern, kind, bar, new RunningTotal(value)) : this;
        }

        /** {@return this rule reading or giving {@code shared} as its total, if it has {@code done} or total alone} */
        Progress sharing(RunningTotal shared) {
            return kind == Kind.DONE || kind == Kind.TOTAL ? new Progress(pattern, kind, bar, shared) : this;
        }

        /** {@return which bar the match is, for {@link ProgressLead}: its {@code bar} group and total, or null} */
        String barOf(Matcher found) {
            return bar ? found.group("bar") + (kind == Kind.DONE_OF_TOTAL ? " of " + found.group("total") : "") : null;
        }

        /** A total known before the command prints anything is on the page from the start: 0 of it. */
        @Override
        public void start(JobContext ctx) {
            double known = total.total();
            if (kind == Kind.DONE && Double.isFinite(known)) {
                ctx.progress(0.0, known);
            }
        }

        @Override
        public void apply(String line, Matcher found, JobContext ctx) {
            try {
                switch (kind) {
                    case PERCENT -> ctx.progressPercent(Math.max(0, Math.min(100, number(line, found, "percent"))));
                    case DONE_OF_TOTAL -> {
                        double done = number(line, found, "done");
                        double all = number(line, found, "total");
                        if (Double.isFinite(done) && Double.isFinite(all)) {
                            ctx.progress(Math.max(0, done), all);
                        }
                    }
                    case DONE -> total.done(Math.max(0, number(line, found, "done")), ctx);
                    case TOTAL -> total.total(number(line, found, "total"), ctx);
                }
            } catch (NumberFormatException notANumber) {
                // a match whose group is empty or not a number: not progress after all
            }
        }
    }

    /** {@code --message REGEX}: the named group {@code message}, or the whole match, becomes the page's message. */
    record Message(Pattern pattern, boolean group) implements OutputRule {

        public static Message parse(String regex) {
            return new Message(compile(regex), groupNames(regex).contains("message"));
        }

        @Override
        public String option() {
            return "--message '" + pattern + "'";
        }

        @Override
        public void apply(String line, Matcher found, JobContext ctx) {
            String text = group ? found.group("message") : found.group();
            if (text != null && !text.isBlank()) {
                ctx.message(text.strip());
            }
        }
    }

    /**
     * {@code --metric NAME=REGEX}: the named group {@code value} is a point of the series NAME, e.g.
     * {@code residual=Initial residual = (?<value>\S+),}. Fortran's {@code 1.0D-05} is read as well.
     */
    record Metric(String name, Pattern pattern) implements OutputRule {

        public static Metric parse(String spec) {
            return named(spec, "metric", "'residual=Initial residual = (?<value>[0-9.eE+-]+)'", Metric::new);
        }

        @Override
        public String option() {
            return "--metric '" + name + "=" + pattern + "'";
        }

        @Override
        public void apply(String line, Matcher found, JobContext ctx) {
            try {
                ctx.metric(name, number(line, found, "value"));
            } catch (NumberFormatException notANumber) {
                // e.g. "nan", a word where a number was expected, or no value in this match: skip the point
            }
        }
    }

    /**
     * {@code --fact NAME=REGEX}: the named group {@code value} becomes the value of the key figure NAME, e.g.
     * {@code Courant max=Courant Number mean: \S+ max: (?<value>\S+)}.
     */
    record Fact(String name, Pattern pattern) implements OutputRule {

        public static Fact parse(String spec) {
            return named(spec, "fact", "'Courant max=Courant Number mean: \\S+ max: (?<value>\\S+)'", Fact::new);
        }

        @Override
        public String option() {
            return "--fact '" + name + "=" + pattern + "'";
        }

        @Override
        public void apply(String line, Matcher found, JobContext ctx) {
            String value = found.group("value");
            if (value != null && !value.isBlank()) {
                ctx.fact(name, value.strip());
            }
        }
    }

    /** Parses {@code NAME=REGEX} where the regex has the named group {@code value}. */
    private static <T> T named(String spec, String kind, String example, BiFunction<String, Pattern, T> rule) {
        int equals = spec.indexOf('=');
        if (equals <= 0 || equals == spec.length() - 1) {
            throw new IllegalArgumentException("\"" + spec + "\" is not NAME=REGEX - e.g. " + example);
        }
        String name = spec.substring(0, equals).strip();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("\"" + spec + "\" has no NAME before the = - e.g. " + example);
        }
        String regex = spec.substring(equals + 1);
        Pattern pattern = compile(regex);
        if (!groupNames(regex).contains("value")) {
            throw new IllegalArgumentException("\"" + regex + "\" for " + kind + " " + name + " needs the named group "
                    + "(?<value>...) around the " + ("metric".equals(kind) ? "number" : "value") + " - e.g. " + example);
        }
        return rule.apply(name, pattern);
    }

    private static Pattern compile(String regex) {
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("the regular expression is empty");
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("\"" + regex + "\" is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** The names of {@code (?<name>...)} groups; Java 17's Pattern does not list them. */
    private static Set<String> groupNames(String regex) {
        Set<String> names = new HashSet<>();
        Matcher matcher = Pattern.compile("(?<!\\\\)\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(regex);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * The named group of a match in {@code line} as a number ({@link SolverNumbers}).
     *
     * @throws NumberFormatException when the group is not a number, or took no part in the match
     */
    private static double number(String line, Matcher found, String group) {
        int start = found.start(group);
        if (start < 0) {
            throw new NumberFormatException("the group " + group + " took no part in the match");
        }
        return SolverNumbers.parse(line, start, found.end(group));
    }
}
