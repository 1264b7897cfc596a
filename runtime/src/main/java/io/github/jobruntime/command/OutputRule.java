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
     * {@code --progress-total}), or {@code percent} (e.g. {@code (?<percent>[\d.]+)%}). Numbers may be decimal.
     *
     * @param total the total for a pattern without a {@code total} group; NaN until {@link #withTotal} gives one
     */
    record Progress(Pattern pattern, boolean percent, boolean totalGroup, double total) implements OutputRule {

        /**
         * Reads a {@code --progress} regular expression.
         *
         * @throws IllegalArgumentException saying what is wrong with {@code regex} and how to write it
         */
        public static Progress parse(String regex) {
            Pattern pattern = compile(regex);
            Set<String> groups = groupNames(regex);
            if (groups.contains("percent")) {
                return new Progress(pattern, true, false, Double.NaN);
            }
            if (groups.contains("done")) {
                return new Progress(pattern, false, groups.contains("total"), Double.NaN);
            }
            throw new IllegalArgumentException("\"" + regex + "\" needs the named groups (?<done>...) and "
                    + "(?<total>...), (?<done>...) with --progress-total, or (?<percent>...) - e.g. "
                    + "'Step (?<done>\\d+) of (?<total>\\d+)'");
        }

        @Override
        public String option() {
            return "--progress '" + pattern + "'";
        }

        /** {@return whether the pattern reads {@code done} only and has no total yet} */
        public boolean needsTotal() {
            return !percent && !totalGroup && Double.isNaN(total);
        }

        /** {@return this rule with {@code value} as its total, if its pattern has no {@code total} group} */
        public Progress withTotal(double value) {
            return percent || totalGroup ? this : new Progress(pattern, false, false, value);
        }

        /** A total known before the command prints anything is on the page from the start: 0 of it. */
        @Override
        public void start(JobContext ctx) {
            if (!percent && !totalGroup && Double.isFinite(total)) {
                ctx.progress(0.0, total);
            }
        }

        @Override
        public void apply(String line, Matcher found, JobContext ctx) {
            try {
                if (percent) {
                    double value = number(line, found, "percent");
                    ctx.progressPercent(Math.max(0, Math.min(100, value)));
                } else {
                    double done = number(line, found, "done");
                    double all = totalGroup ? number(line, found, "total") : total;
                    if (Double.isFinite(done) && Double.isFinite(all)) {
                        ctx.progress(Math.max(0, done), all);
                    }
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
