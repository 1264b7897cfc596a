package io.github.jobruntime.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Collects the table rows and the notes explaining them, and prints both as Markdown. */
final class Report {

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
    }

    /** Adds the rows and notes of {@code section}'s own report, in their order. */
    void addAll(Report section) {
        rows.addAll(section.rows);
        notes.addAll(section.notes);
    }

    /** Adds a line under the table, e.g. where the time goes. */
    void note(String text) {
        notes.add(text);
    }

    void print(PrintStream out, String heading) {
        out.println(heading);
        out.println();
        out.println("| metric | measured | budget | verdict |");
        out.println("|---|---|---|---|");
        for (Row row : rows) {
            out.println("| " + cell(row.metric()) + " | " + cell(row.measured()) + " | " + cell(row.budget().toString())
                    + " | " + row.verdict() + " |");
        }
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(note -> out.println("- " + note));
        }
        out.flush();
    }

    long over() {
        return rows.stream().filter(row -> !row.within()).count();
    }

    /** {@return the rows that crossed their gate} */
    List<Row> pastGate() {
        return rows.stream().filter(Row::breaksGate).toList();
    }

    int rows() {
        return rows.size();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
