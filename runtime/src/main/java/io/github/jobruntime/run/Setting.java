package io.github.jobruntime.run;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One runtime setting, declared once in {@link Settings}: its option, its environment variable (the option's name
 * after {@code JOB_RUNTIME_}), how a text is read, how a value is checked, its default and its help text. The
 * builder, the environment and the launcher's options all go through it.
 *
 * @param option       the command line's option, e.g. {@code --log-lines}
 * @param label        the option's parameter in the help, e.g. {@code N}
 * @param type         the values' type, as a command line parser gives them
 * @param parse        reads a variable's text; an {@link IllegalArgumentException} names the bad text
 * @param check        the builder's check, which may also normalise the value; a
 *                     {@link io.github.jobruntime.JobConfigurationException} says what is wrong and gives an example
 * @param fallback     the value when nobody gives one, or null for none
 * @param help         the help text, which {@link #description()} ends with the variable and the default
 * @param shownDefault how the help names the default, e.g. {@code default 20}, or empty for nothing
 */
public record Setting<T>(String option, String label, Class<T> type, Function<String, T> parse,
        UnaryOperator<T> check, T fallback, String help, String shownDefault) {

    public Setting {
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(parse, "parse");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(shownDefault, "shownDefault");
    }

    /** {@return the environment variable: {@code --log-lines} is {@code JOB_RUNTIME_LOG_LINES}} */
    public String variable() {
        return variable(option);
    }

    /**
     * {@return the environment variable of {@code option}} Static and without lambdas, for the launcher's first page,
     * which reads it before the table is loaded.
     */
    public static String variable(String option) {
        return "JOB_RUNTIME_" + option.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** {@return the option's help: its text, its variable and its default} */
    public String description() {
        return help + " (env " + variable() + (shownDefault.isEmpty() ? "" : ", " + shownDefault) + ").";
    }

    /** {@return {@code value} checked as the builder's setter checks it; null is refused with the setter's name} */
    public T checked(T value) {
        return check.apply(Objects.requireNonNull(value, setterName()));
    }

    /** {@return {@code value} as this setting's type, for a value that a command line parser gave untyped} */
    T cast(Object value) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(option + " takes a value of type " + type.getSimpleName() + ", got "
                    + value.getClass().getSimpleName() + " " + value);
        }
        return type.cast(value);
    }

    /** {@return the builder's setter: {@code --log-lines} is {@code logLines}} */
    private String setterName() {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : option.substring(2).toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
