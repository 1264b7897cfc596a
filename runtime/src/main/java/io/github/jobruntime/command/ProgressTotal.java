package io.github.jobruntime.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;
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
 * @param pattern searched in the file's first {@link #MAX_FILE_BYTES}, {@code ^} and {@code $} at line ends; null for a
 *                number
 */
public record ProgressTotal(double value, Path file, Pattern pattern) {

    /**
     * The most of a {@code FILE} read: an input file that holds a total is small, while a device, a FIFO or a log may
     * never end. A match must lie within it.
     */
    public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
    /** The CPU time the regex may take on the file; a fair one takes milliseconds on the whole of it. */
    static final Duration MATCH_BUDGET = Duration.ofMillis(500);
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
     * @throws IllegalArgumentException when the file is missing, unreadable or not a regular file, the regex does not
     *                                  match in its first {@link #MAX_FILE_BYTES} (within {@link #MATCH_BUDGET}), or
     *                                  the match is not a positive number; the message names the option, the file and
     *                                  the regex
     */
    public double read(Path workDir) {
        if (file == null) {
            return value;
        }
        Path path = workDir.resolve(file).toAbsolutePath();
        String where = OPTION + " " + file + ":" + pattern.pattern() + ": ";
        Text text = readText(path, where);
        Matcher matcher = pattern.matcher(new TimedText(MATCH_BUDGET).of(text.text()));
        try {
            if (!matcher.find()) {
                throw new IllegalArgumentException(where + "no match in " + (text.cut() ? "the first "
                        + mebibytes(MAX_FILE_BYTES) + " of " + path + " (" + mebibytes(text.size()) + "), all of it "
                        + "that is read - check the regex against the file (^ and $ match at line ends), or give the "
                        + "total as a number" : path + " - check the regex against the file (^ and $ match at line ends)"));
            }
        } catch (TimedText.OverBudget e) {
            throw new IllegalArgumentException(where + "the regex found no match in " + path + " within "
                    + MATCH_BUDGET.toMillis() + " ms of CPU time - make it simpler, e.g. anchor it at a line start with "
                    + "^ and avoid nested repeats such as (.*a)*");
        }
        String found = matcher.group("total");
        return number(found == null ? "" : found, where + "the match \"" + matcher.group() + "\" in " + path
                + " has \"" + found + "\" as total, not a positive number");
    }

    /** The start of a file as text, and whether it went on past {@link #MAX_FILE_BYTES}. */
    private record Text(String text, boolean cut, long size) {
    }

    /** Reads a regular file, up to {@link #MAX_FILE_BYTES}; a FIFO or a device is refused without being opened. */
    private static Text readText(Path path, String where) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(where + "there is no file " + path
                    + " - the file is relative to --workdir; check the path, or give the total as a number");
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "cannot read " + path + ": " + e);
        }
        if (!attributes.isRegularFile()) {
            // Opening a FIFO blocks until a writer comes, and a device may never end: neither is opened.
            throw new IllegalArgumentException(where + path + " is not a regular file but " + kind(path, attributes)
                    + " - give the input file that holds the total, or the total as a number");
        }
        byte[] bytes;
        boolean cut;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_FILE_BYTES);
            cut = in.read() >= 0;
        } catch (IOException e) {
            throw new IllegalArgumentException(where + "cannot read " + path + ": " + e);
        }
        // new String is many times faster than a CharsetDecoder on ASCII; a U+FFFD the bytes do not hold is a
        // malformed byte replaced.
        String text = new String(bytes, 0, cut ? characterStart(bytes) : bytes.length, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0 && !holdsReplacementCharacter(bytes)) {
            throw new IllegalArgumentException(where + path + " is not UTF-8 text - give the total as a number");
        }
        return new Text(text, cut, Math.max(attributes.size(), bytes.length));
    }

    private static boolean holdsReplacementCharacter(byte[] bytes) {
        for (int i = 0; i + 2 < bytes.length; i++) {
            if (bytes[i] == (byte) 0xEF && bytes[i + 1] == (byte) 0xBF && bytes[i + 2] == (byte) 0xBD) {
                return true;
            }
        }
        return false;
    }

    /** {@return the length of {@code bytes} without a UTF-8 character that the cut at its end split} */
    private static int characterStart(byte[] bytes) {
        for (int i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
            int b = bytes[i] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                int size = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return bytes.length - i >= size ? bytes.length : i;
            }
        }
        return bytes.length;
    }

    /** {@return what kind of file other than a regular one {@code path} is, e.g. "a FIFO"} */
    private static String kind(Path path, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a folder";
        }
        try {
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            String kind = switch (type) {
                case 0010000 -> "a FIFO";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> null;
            };
            if (kind != null) {
                return kind;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // No unix view here: say what is known.
        }
        return "a special file";
    }

    private static String mebibytes(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", Math.ceil(bytes / (double) (1 << 20)));
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
