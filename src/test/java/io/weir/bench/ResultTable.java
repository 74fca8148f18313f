package io.weir.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's printed result: one row per figure, Weir's value beside its peer's, the ratio
 * peer/Weir (how many times faster Weir is), the goal and whether this run met it.
 */
final class ResultTable {

    private static final String[] HEADER = {"figure", "Weir", "peer", "ratio", "goal", "met?"};

    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

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
    void failed(String figure, String reason) {
        rows.add(new String[] {figure, "FAILED", "", "", "", "no"});
        notes.add(figure + ": " + reason);
    }

    void note(String note) {
        notes.add(note);
    }

    boolean anyFailed() {
        return rows.stream().anyMatch(row -> row[1].equals("FAILED"));
    }

    void print(PrintStream out) {
        int[] widths = new int[HEADER.length];
        for (String[] row : withHeader()) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println(line(HEADER, widths));
        out.println(separator(widths));
        rows.forEach(row -> out.println(line(row, widths)));
        notes.forEach(note -> out.println("  * " + note));
    }

    private List<String[]> withHeader() {
        List<String[]> all = new ArrayList<>(rows);
        all.add(HEADER);
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

    private static String verdict(Boolean met) {
        return met == null ? "" : met ? "yes" : "NO";
    }
}
