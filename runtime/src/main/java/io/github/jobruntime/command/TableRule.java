package io.github.jobruntime.command;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.io.Logs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * {@code --table 'Temp,Press'}: charts the named columns of a table the command prints or writes, with no regular
 * expression. A table is a header line that names its columns, then rows of numbers, one per line: LAMMPS's thermo
 * output ({@code Step Temp E_pair E_mol TotEng Press}, ended by {@code Loop time of ...}), a CSV file
 * ({@code epoch,loss,accuracy}), or GROMACS's {@code md.log} energies, where names that contain spaces
 * ({@code Pres. DC (bar)}) stand right-aligned above fixed-width values. Columns are separated by commas when the
 * header has one, else by whitespace; a header with more words than its rows have numbers is read by position,
 * each name above its number. The first line that is not a row of as many numbers ends the table; a later header
 * starts a new one, and its columns go on charting into the same series.
 *
 * @param columns the names as the header prints them, each charted as a series of that name
 */
public record TableRule(List<String> columns) {

    private static final Logger LOG = Logs.get(TableRule.class);

    public TableRule {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no column named - e.g. 'Temp,Press'");
        }
    }

    /**
     * Reads {@code --table COLUMN,COLUMN...}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code spec} and how to write it
     */
    public static TableRule parse(String spec) {
        List<String> names = new ArrayList<>();
        for (String name : spec.split(",", -1)) {
            String column = name.strip();
            if (column.isEmpty()) {
                throw new IllegalArgumentException("\"" + spec + "\" has an empty column name - give the names of "
                        + "the columns to chart as the header prints them, separated by commas, e.g. 'Temp,Press'");
            }
            if (!names.contains(column)) {
                names.add(column);
            }
        }
        return new TableRule(names);
    }

    /** {@return the option as given on the command line, for messages} */
    public String option() {
        return "--table '" + String.join(",", columns) + "'";
    }

    /** {@return a reader of one stream or file: it keeps the table it is in, so each stream needs its own} */
    Consumer<String> reader(JobContext ctx) {
        return new Reader(ctx);
    }

    /** Not thread-safe: one per stream, on its parser's thread. */
    private final class Reader implements Consumer<String> {

        private final JobContext ctx;
        /** A line that names a column, waiting for its first row. */
        private String header;
        private boolean inTable;
        private boolean commas;
        /** How many numbers each row of the current table has. */
        private int width;
        /** For each named column, where it is in the current table's rows, or -1. */
        private final int[] where = new int[columns.size()];
        private int[] starts = new int[16];
        private int[] ends = new int[16];
        private boolean told;

        Reader(JobContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void accept(String line) {
            if (inTable) {
                if (row(line)) {
                    return;
                }
                inTable = false;
            }
            if (header != null) {
                String named = header;
                header = null;
                if (start(named, line)) {
                    return;
                }
            }
            if (namesAColumn(line)) {
                header = line;
            }
        }

        /** Charts a row of the current table; false if the line is none. */
        private boolean row(String line) {
            if (split(line, commas) != width || !numbers(line, width, commas)) {
                return false;
            }
            for (int i = 0; i < where.length; i++) {
                if (where[i] >= 0) {
                    chart(columns.get(i), line, where[i]);
                }
            }
            return true;
        }

        /** Starts a table if {@code line} is a first row under {@code named}. */
        private boolean start(String named, String line) {
            boolean csv = named.indexOf(',') >= 0;
            int count = split(line, csv);
            if (count == 0 || !numbers(line, count, csv)) {
                return false;
            }
            int[] rowEnds = Arrays.copyOf(ends, count);
            String[] names = names(named, csv, rowEnds);
            if (names == null) {
                return false;
            }
            boolean any = false;
            for (int i = 0; i < where.length; i++) {
                where[i] = List.of(names).indexOf(columns.get(i));
                any |= where[i] >= 0;
            }
            if (!any) {
                return false;
            }
            if (!told) {
                told = true;
                LOG.info("{} reads a table of the columns {}{}", option(), String.join(" | ", names), missing());
            }
            commas = csv;
            width = count;
            inTable = true;
            return row(line);
        }

        private String missing() {
            List<String> absent = new ArrayList<>();
            for (int i = 0; i < where.length; i++) {
                if (where[i] < 0) {
                    absent.add(columns.get(i));
                }
            }
            return absent.isEmpty() ? "" : "; not in it: " + String.join(", ", absent)
                    + " (another table may have them; names are compared exactly, case included)";
        }

        /**
         * The header's column names: its words when there are as many as the row has numbers, else the text above
         * each number (GROMACS), if no word straddles two; null when the header does not fit the row.
         */
        private String[] names(String named, boolean csv, int[] rowEnds) {
            int count = rowEnds.length;
            int words = split(named, csv);
            String[] names = new String[count];
            if (words == count) {
                for (int i = 0; i < count; i++) {
                    names[i] = unquoted(named.substring(starts[i], ends[i]));
                }
                return names;
            }
            if (csv || words < count) {
                return null;
            }
            int from = 0;
            for (int i = 0; i < count; i++) {
                int to = i == count - 1 ? named.length() : Math.min(rowEnds[i], named.length());
                if (to < named.length() && to > 0 && !whitespace(named.charAt(to - 1))
                        && !whitespace(named.charAt(to))) {
                    return null;
                }
                names[i] = named.substring(Math.min(from, to), to).strip();
                if (names[i].isEmpty()) {
                    return null;
                }
                from = to;
            }
            return names;
        }

        private void chart(String name, String line, int field) {
            if (starts[field] == ends[field]) {
                return; // a missing value in a CSV row
            }
            try {
                ctx.metric(name, number(line, starts[field], ends[field]));
            } catch (NumberFormatException notANumber) {
                // e.g. a value the program could not print (***): no point
            }
        }

        /** {@return whether the fields found by the last split all look like numbers} */
        private boolean numbers(String line, int count, boolean commas) {
            for (int i = 0; i < count; i++) {
                if (!numeric(line, starts[i], ends[i], commas)) {
                    return false;
                }
            }
            return true;
        }

        /** {@return whether {@code line} has one of the column names as a whole word: a cheap test for a header} */
        private boolean namesAColumn(String line) {
            for (String column : columns) {
                for (int at = line.indexOf(column); at >= 0; at = line.indexOf(column, at + 1)) {
                    int end = at + column.length();
                    if ((at == 0 || boundary(line.charAt(at - 1))) && (end == line.length()
                            || boundary(line.charAt(end)))) {
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * Splits {@code line} into fields, their bounds in {@link #starts} and {@link #ends}, and returns how many:
         * at each comma for a CSV line, where an empty field is a missing value, else at runs of whitespace.
         */
        private int split(String line, boolean csv) {
            int count = 0;
            int length = line.length();
            int i = 0;
            while (i < length) {
                if (csv) {
                    int comma = line.indexOf(',', i);
                    int end = comma < 0 ? length : comma;
                    add(count++, line, i, end);
                    i = end + 1;
                    if (comma == length - 1) {
                        add(count++, line, length, length);
                    }
                    continue;
                }
                while (i < length && whitespace(line.charAt(i))) {
                    i++;
                }
                if (i == length) {
                    break;
                }
                int start = i;
                while (i < length && !whitespace(line.charAt(i))) {
                    i++;
                }
                add(count++, line, start, i);
            }
            return count;
        }

        /** Notes field number {@code n}, without the whitespace around it. */
        private void add(int n, String line, int start, int end) {
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                ends = Arrays.copyOf(ends, n * 2);
            }
            while (start < end && whitespace(line.charAt(start))) {
                start++;
            }
            while (end > start && whitespace(line.charAt(end - 1))) {
                end--;
            }
            starts[n] = start;
            ends[n] = end;
        }
    }

    private static boolean whitespace(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean boundary(char c) {
        return c == ' ' || c == '\t' || c == ',' || c == '"' || c == '\'';
    }

    private static String unquoted(String name) {
        String stripped = name.strip();
        return stripped.length() >= 2 && stripped.charAt(0) == '"' && stripped.charAt(stripped.length() - 1) == '"'
                ? stripped.substring(1, stripped.length() - 1) : stripped;
    }

    /**
     * {@return whether a field looks like a number: a cheap look at its first character, which spares an exception
     * per word; {@code nan} and {@code inf} count, and so does an empty CSV field (a missing value)}
     */
    private static boolean numeric(String line, int start, int end, boolean csv) {
        if (end <= start) {
            return csv;
        }
        int at = start;
        char c = line.charAt(at);
        if ((c == '+' || c == '-') && end - start > 1) {
            c = line.charAt(++at);
        }
        if ((c >= '0' && c <= '9') || c == '.') {
            return true;
        }
        return notANumber(line, at, end);
    }

    private static boolean notANumber(String line, int start, int end) {
        int length = end - start;
        return (length == 3 && (line.regionMatches(true, start, "nan", 0, 3) || line.regionMatches(true, start, "inf",
                0, 3))) || (length == 8 && line.regionMatches(true, start, "infinity", 0, 8));
    }

    /** {@return the number from {@code start} to {@code end} as {@link SolverNumbers} reads it; NaN for nan and inf} */
    private static double number(String line, int start, int end) {
        int at = start < end && (line.charAt(start) == '+' || line.charAt(start) == '-') ? start + 1 : start;
        return notANumber(line, at, end) ? Double.NaN : SolverNumbers.parse(line, start, end);
    }
}
