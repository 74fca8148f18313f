package io.weir.ui;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.html.Div;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A time-series line chart drawn on the server as SVG: no frontend bundle is needed, and the
 * browser only receives markup. Shows up to a handful of lines with a legend, time ticks and
 * value ticks at round steps, formatted by the caller (e.g. "12.3k msgs", "4 min").
 */
public final class LineChart extends Div {

    /** One value at one time (milliseconds since the epoch). */
    public record Point(long timeMillis, double value) {
    }

    /** One line: a legend label and its points, oldest first. */
    public record Line(String label, List<Point> points) {
    }

    /**
     * How the value axis is divided and labelled. Ticks sit at multiples of a round step: 1, 2 or 5
     * times a power of ten, at least 1 for whole numbers (counts), and whole seconds, minutes, hours
     * or days for durations, so that every label is exact in the caller's format.
     *
     * @param format the label of a tick value
     * @param scale what the values are, which decides the steps
     */
    public record Axis(DoubleFunction<String> format, Scale scale) {

        /** What the values of an axis are. */
        public enum Scale { COUNT, DECIMAL, SECONDS }

        /** Durations a seconds axis steps by, up to ten days; longer ranges step by 1, 2, 5 × 10^n days. */
        private static final double[] SECOND_STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
            10800, 21600, 43200, 86400, 172800, 432000, 864000};
        private static final double DAY = 86400;

        /** Whole numbers such as messages: integer ticks only. */
        public static Axis counts(DoubleFunction<String> format) {
            return new Axis(format, Scale.COUNT);
        }

        /** Any number, such as a rate: ticks may be fractions (0.2, 0.5). */
        public static Axis decimals(DoubleFunction<String> format) {
            return new Axis(format, Scale.DECIMAL);
        }

        /** Seconds: ticks at whole seconds, minutes, hours or days. */
        public static Axis seconds(DoubleFunction<String> format) {
            return new Axis(format, Scale.SECONDS);
        }

        /** The smallest round step that reaches {@code max} in at most {@link #MAX_INTERVALS} intervals. */
        double step(double max) {
            double least = max / MAX_INTERVALS;
            return switch (scale) {
                case COUNT -> Math.max(1, niceStep(least));
                case DECIMAL -> niceStep(least);
                case SECONDS -> secondStep(max, least);
            };
        }

        /**
         * Sub-minute steps only while the axis stays within a minute: past it durations read in
         * whole minutes, and a tick at 75 s would be labelled like the one at 60 s.
         */
        private static double secondStep(double max, double least) {
            double step = Arrays.stream(SECOND_STEPS).filter(s -> s >= least).findFirst()
                    .orElseGet(() -> niceStep(least / DAY) * DAY);
            return step < 60 && step * Math.ceil(max / step) > 60 ? 60 : step;
        }
    }

    /** At most this many steps between the axis' zero and its top. */
    static final int MAX_INTERVALS = 5;

    private static final String[] COLOURS = {"#1676f3", "#e8590c", "#2b8a3e", "#ae3ec9", "#c92a2a", "#0b7285"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int LEFT = 70;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final int MAX_TIME_TICKS = 6;
    private static final long[] TIME_STEPS = {1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000,
            600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
            172_800_000, 604_800_000};
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    public LineChart(String title, Instant from, Instant to, List<Line> lines, Axis axis) {
        addClassName("weir-chart");
        Div heading = new Div();
        heading.setText(title);
        heading.addClassName("weir-chart-title");
        add(heading);
        boolean empty = lines.stream().allMatch(line -> line.points().isEmpty());
        if (empty) {
            Div none = new Div();
            none.setText("No data in this time range yet: Weir records a point at every poll.");
            none.addClassName("weir-secondary");
            add(none);
            return;
        }
        add(new Html("<div>" + svg(from, to, lines, axis) + "</div>"));
    }

    static String svg(Instant from, Instant to, List<Line> lines, Axis axis) {
        long t0 = from.toEpochMilli();
        long t1 = Math.max(to.toEpochMilli(), t0 + 1);
        double max = lines.stream().flatMap(l -> l.points().stream()).mapToDouble(Point::value).max().orElse(0);
        // An all-zero chart still gets an axis up to 1, or its line would sit on a lone tick.
        double reach = max > 0 ? max : 1;
        double step = axis.step(reach);
        int intervals = (int) Math.max(1, Math.ceil(reach / step - 1e-9));
        double top = step * intervals;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("' width='100%' role='img' class='weir-chart-svg'>");
        for (int i = 0; i <= intervals; i++) {
            double value = step * i;
            double y = TOP + plotHeight - plotHeight * (double) i / intervals;
            svg.append(String.format(Locale.ROOT,
                    "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#e3e6ea'/>"
                            + "<text x='%d' y='%.1f' font-size='11' text-anchor='end' fill='#5c6570'>%s</text>",
                    LEFT, WIDTH - RIGHT, y, y, LEFT - 6, y + 4, escape(axis.format().apply(value))));
        }
        for (long t : timeTicks(t0, t1)) {
            double x = LEFT + plotWidth * (double) (t - t0) / (t1 - t0);
            svg.append(String.format(Locale.ROOT,
                    "<text x='%.1f' y='%d' font-size='11' text-anchor='middle' fill='#5c6570'>%s</text>",
                    x, HEIGHT - 8, TIME.format(Instant.ofEpochMilli(t))));
        }
        for (int index = 0; index < lines.size(); index++) {
            Line line = lines.get(index);
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (Point point : line.points()) {
                double x = LEFT + plotWidth * (double) (point.timeMillis() - t0) / (t1 - t0);
                double y = TOP + plotHeight - plotHeight * point.value() / top;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill='none' stroke-width='2' stroke='").append(colour).append("' points='")
                    .append(points).append("'/>");
            if (!line.points().isEmpty() && line.points().size() <= 60) {
                // Few points (a fresh history): mark each, or a lone point would not show at all.
                for (String point : points.toString().trim().split(" ")) {
                    String[] xy = point.split(",");
                    svg.append("<circle r='2.5' fill='").append(colour).append("' cx='").append(xy[0])
                            .append("' cy='").append(xy[1]).append("'/>");
                }
            }
            // Up to four legends at 160 px; more share the plot's width, so the last stays inside the chart.
            int spacing = Math.min(160, (plotWidth - 8) / lines.size());
            svg.append(String.format(Locale.ROOT,
                    "<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d' font-size='11' fill='#1f2733'>%s</text>",
                    LEFT + 8 + index * spacing, TOP, colour, LEFT + 22 + index * spacing, TOP + 9, escape(line.label())));
        }
        return svg.append("</svg>").toString();
    }

    /**
     * Times to label on the time axis: multiples of a round step (1 min, 5 min, 1 h, ...) in the
     * zone the labels are shown in, at most {@link #MAX_TIME_TICKS} of them, so a 15-minute range
     * reads 14:55, 15:00, 15:05 rather than four uneven quarters.
     */
    static List<Long> timeTicks(long t0, long t1) {
        long span = t1 - t0;
        long step = TIME_STEPS[TIME_STEPS.length - 1];
        for (long candidate : TIME_STEPS) {
            if (span / candidate <= MAX_TIME_TICKS) {
                step = candidate;
                break;
            }
        }
        long offset = ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochMilli(t0)).getTotalSeconds() * 1000L;
        List<Long> ticks = new ArrayList<>();
        for (long t = Math.floorDiv(t0 + offset + step - 1, step) * step - offset; t <= t1; t += step) {
            ticks.add(t);
        }
        return ticks;
    }

    /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code value}. */
    static double niceStep(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5}) {
            // Compared with a margin: 0.3 / 0.1 is 2.9999999999999996 in doubles.
            if (step * power >= value * (1 - 1e-9)) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
