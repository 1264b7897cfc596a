package io.github.jobruntime.process;

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

    /** Applies the rule to one line; a line that does not match, or whose numbers do not parse, is left alone. */
    void apply(String line, JobContext ctx);

    /**
     * {@code --progress REGEX}: named groups {@code done} and {@code total} (e.g. {@code Step (?<done>\d+) of
     * (?<total>\d+)}), or {@code percent} (e.g. {@code (?<percent>[\d.]+)%}).
     */
    record Progress(Pattern pattern, boolean percent) implements OutputRule {

        /** @throws IllegalArgumentException saying what is wrong with {@code regex} and how to write it */
        public static Progress parse(String regex) {
            Pattern pattern = compile(regex);
            Set<String> groups = groupNames(regex);
            if (groups.contains("percent")) {
                return new Progress(pattern, true);
            }
            if (groups.contains("done") && groups.contains("total")) {
                return new Progress(pattern, false);
            }
            throw new IllegalArgumentException("\"" + regex + "\" needs the named groups (?<done>...) and "
                    + "(?<total>...), or (?<percent>...) - e.g. 'Step (?<done>\\d+) of (?<total>\\d+)'");
        }

        @Override
        public void apply(String line, JobContext ctx) {
            Matcher matcher = pattern.matcher(line);
            if (!matcher.find()) {
                return;
            }
            try {
                if (percent) {
                    double value = Double.parseDouble(matcher.group("percent").strip());
                    ctx.progress(Math.round(Math.max(0, Math.min(100, value)) * 10), 1000);
                } else {
                    ctx.progress(Math.max(0, integer(matcher.group("done"))), integer(matcher.group("total")));
                }
            } catch (NumberFormatException | NullPointerException notANumber) {
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
        public void apply(String line, JobContext ctx) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                String text = group ? matcher.group("message") : matcher.group();
                if (text != null && !text.isBlank()) {
                    ctx.message(text.strip());
                }
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
        public void apply(String line, JobContext ctx) {
            Matcher matcher = pattern.matcher(line);
            if (!matcher.find() || matcher.group("value") == null) {
                return;
            }
            try {
                ctx.metric(name, Double.parseDouble(matcher.group("value").strip().replace('D', 'e').replace('d', 'e')));
            } catch (NumberFormatException notANumber) {
                // e.g. "nan" or a word where a number was expected: skip the point
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
        public void apply(String line, JobContext ctx) {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find() && matcher.group("value") != null && !matcher.group("value").isBlank()) {
                ctx.fact(name, matcher.group("value").strip());
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

    private static long integer(String digits) {
        return Long.parseLong(digits.strip().replace(",", "").replace("_", ""));
    }
}
