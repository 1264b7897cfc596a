package io.github.jobruntime.process;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code --progress-total VALUE}: the total of progress rules that capture only {@code done}, as a number
 * ({@code 0.5}, {@code 2e3}) or read once at start from the input file that holds it, {@code FILE:REGEX}, e.g.
 * {@code system/controlDict:^endTime\s+(?<total>[^;\s]+)} for OpenFOAM.
 *
 * @param value   the total given as a number, NaN when it comes from a file
 * @param file    the file to read, relative to the command's working directory; null for a number
 * @param pattern searched in the whole file, {@code ^} and {@code $} at line ends; null for a number
 */
public record ProgressTotal(double value, Path file, Pattern pattern) {

    private static final String OPTION = "--progress-total";
    private static final String EXAMPLE = "e.g. " + OPTION + " 0.5 or " + OPTION
            + " 'system/controlDict:^endTime\\s+(?<total>[^;\\s]+)'";

    /**
     * Reads a {@code --progress-total} specification.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code spec} and how to write it
     */
    public static ProgressTotal parse(String spec) {
        String text = spec.strip();
        int colon = text.indexOf(':');
        if (colon < 0) {
            double number = number(text, "\"" + spec + "\" is neither a positive number nor FILE:REGEX - " + EXAMPLE);
            return new ProgressTotal(number, null, null);
        }
        String file = text.substring(0, colon);
        String regex = text.substring(colon + 1);
        if (file.isBlank() || regex.isEmpty()) {
            throw new IllegalArgumentException("\"" + spec + "\" needs both a FILE and a REGEX around the colon - "
                    + EXAMPLE);
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex, Pattern.MULTILINE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("\"" + regex + "\" is not a valid regular expression: "
                    + e.getDescription() + " near index " + e.getIndex() + " - " + EXAMPLE);
        }
        if (!regex.contains("(?<total>")) {
            throw new IllegalArgumentException("\"" + regex + "\" for " + file + " needs the named group "
                    + "(?<total>...) around the number - " + EXAMPLE);
        }
        return new ProgressTotal(Double.NaN, Path.of(file), pattern);
    }

    /**
     * {@return the total: the number, or the {@code total} group of the first match in the file}
     *
     * @param workDir the command's working directory, which a relative file is read from
     * @throws IllegalArgumentException when the file is missing or unreadable, the regex does not match, or the
     *                                  match is not a positive number; the message names the option, the file
     *                                  and the regex
     */
    public double read(Path workDir) {
        if (file == null) {
            return value;
        }
        Path path = workDir.resolve(file);
        String where = OPTION + " " + file + ":" + pattern.pattern() + ": ";
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(where + "there is no file " + path.toAbsolutePath()
                    + " - the file is relative to --workdir; check the path, or give the total as a number");
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(where + path.toAbsolutePath() + " is not UTF-8 text - give the "
                    + "total as a number");
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "cannot read " + path.toAbsolutePath() + ": " + e);
        }
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw new IllegalArgumentException(where + "no match in " + path.toAbsolutePath()
                    + " - check the regex against the file (^ and $ match at line ends)");
        }
        String found = matcher.group("total");
        return number(found == null ? "" : found, where + "the match \"" + matcher.group() + "\" in "
                + path.toAbsolutePath() + " has \"" + found + "\" as total, not a positive number");
    }

    private static double number(String text, String error) {
        double number;
        try {
            number = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(error);
        }
        // parseDouble also takes "NaN", "Infinity" and a trailing d or f: none of them is a total.
        if (!(number > 0) || Double.isInfinite(number) || !text.strip().matches("[0-9.eE+-]+")) {
            throw new IllegalArgumentException(error);
        }
        return number;
    }
}
