package io.weir.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A benchmark's printed result: one row per figure. By default Weir's value beside its peer's, the
 * ratio peer/Weir (how many times faster Weir is), the goal and whether this run met it; a
 * benchmark comparing more peers gives its own header and fills rows with {@link #row}.
 */
public final class ResultTable {

    private static final String[] DEFAULT_HEADER = {"figure", "Weir", "peer", "ratio", "goal", "met?"};

    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    ResultTable() {
        this(DEFAULT_HEADER);
    }

    /** A table with these columns; the second is where {@link #failed} writes FAILED, the last its "no". */
    public ResultTable(String... header) {
        this.header = header.clone();
    }

    /** A row of cells in the header's order. */
    public void row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException(cells.length + " cells for " + header.length + " columns");
        }
        rows.add(cells.clone());
    }

    /** A timed figure compared with a peer; {@code met} is null when the row has no goal. */
    void timed(String figure, double weirMillis, double peerMillis, String goal, Boolean met) {
        rows.add(new String[] {figure, millis(weirMillis), millis(peerMillis),
                String.format("%.1fx", peerMillis / weirMillis), goal, verdict(met)});
    }

    /** A figure without a peer (a count, a size). */
    void value(String figure, String weir, String peer, String goal, Boolean met) {
        rows.add(new String[] {figure, weir, peer, "", goal, verdict(met)});
    }

    /** A part of the benchmark that could not be measured, with the reason. */
    public void failed(String figure, String reason) {
        String[] row = new String[header.length];
        Arrays.fill(row, "");
        row[0] = figure;
        row[1] = "FAILED";
        row[row.length - 1] = "no";
        rows.add(row);
        notes.add(figure + ": " + reason);
    }

    public void note(String note) {
        notes.add(note);
    }

    public boolean anyFailed() {
        return rows.stream().anyMatch(row -> row[1].equals("FAILED"));
    }

    public void print(PrintStream out) {
        int[] widths = new int[header.length];
        for (String[] row : withHeader()) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println(line(header, widths));
        out.println(separator(widths));
        rows.forEach(row -> out.println(line(row, widths)));
        notes.forEach(note -> out.println("  * " + note));
    }

    private List<String[]> withHeader() {
        List<String[]> all = new ArrayList<>(rows);
        all.add(header);
        return all;
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            line.append(' ').append(String.format("%-" + widths[i] + "s", cells[i])).append(" |");
        }
        return line.toString();
    }

    private static String separator(int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int width : widths) {
            line.append("-".repeat(width + 2)).append('|');
        }
        return line.toString();
    }

    static String millis(double millis) {
        return millis >= 10_000 ? String.format("%.1f s", millis / 1000) : String.format("%.0f ms", millis);
    }

    public static String verdict(Boolean met) {
        return met == null ? "" : met ? "yes" : "NO";
    }
}
