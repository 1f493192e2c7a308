package io.portcullis.console;

import io.portcullis.audit.LogText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Columns padded to their widest cell, for list output a person reads (scripts use --json). Cells are
 * escaped as the log is ({@link LogText}): an entry a client wrote (a user name in the audit log) must not
 * drive the administrator's terminal.
 */
final class TextTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(LogText.escape(String.valueOf(cell)));
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        printRow(out, header, widths);
        rows.forEach(row -> printRow(out, row, widths));
    }

    private static void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == cells.size() - 1 ? cells.get(i) : String.format("%-" + widths[i] + "s  ", cells.get(i)));
        }
        out.println(line.toString().stripTrailing());
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    static String orDash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }
}
