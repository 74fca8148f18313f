package io.weir.ui;

import com.vaadin.flow.component.Html;
import com.vaadin.flow.component.html.Div;
import io.weir.monitor.history.Sample;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A time-series line chart drawn on the server as SVG: no frontend bundle is needed, and the
 * browser only receives markup. Shows up to a handful of lines with a legend, time ticks and
 * value ticks formatted by the caller (e.g. "12.3k msgs", "4 min").
 */
public final class LineChart extends Div {

    /** One line: a legend label and its samples, oldest first. */
    public record Line(String label, List<Sample> samples) {
    }

    private static final String[] COLOURS = {"#1676f3", "#e8590c", "#2b8a3e", "#ae3ec9", "#c92a2a", "#0b7285"};
    private static final int WIDTH = 720;
    private static final int HEIGHT = 220;
    private static final int LEFT = 70;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

    public LineChart(String title, Instant from, Instant to, List<Line> lines, DoubleFunction<String> formatValue) {
        addClassName("weir-chart");
        Div heading = new Div();
        heading.setText(title);
        heading.addClassName("weir-chart-title");
        add(heading);
        boolean empty = lines.stream().allMatch(line -> line.samples().isEmpty());
        if (empty) {
            Div none = new Div();
            none.setText("No data in this time range yet: Weir records a point at every poll.");
            none.addClassName("weir-secondary");
            add(none);
            return;
        }
        add(new Html("<div>" + svg(from, to, lines, formatValue) + "</div>"));
    }

    static String svg(Instant from, Instant to, List<Line> lines, DoubleFunction<String> formatValue) {
        long t0 = from.toEpochMilli();
        long t1 = Math.max(to.toEpochMilli(), t0 + 1);
        double max = lines.stream().flatMap(l -> l.samples().stream()).mapToDouble(Sample::value).max().orElse(1);
        double top = max > 0 ? niceCeiling(max) : 1;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("' width='100%' role='img' class='weir-chart-svg'>");
        for (int i = 0; i <= 4; i++) {
            double value = top * i / 4;
            double y = TOP + plotHeight - plotHeight * i / 4.0;
            svg.append(String.format(Locale.ROOT,
                    "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#e3e6ea'/>"
                            + "<text x='%d' y='%.1f' font-size='11' text-anchor='end' fill='#5c6570'>%s</text>",
                    LEFT, WIDTH - RIGHT, y, y, LEFT - 6, y + 4, escape(formatValue.apply(value))));
        }
        for (int i = 0; i <= 4; i++) {
            long t = t0 + (t1 - t0) * i / 4;
            double x = LEFT + plotWidth * i / 4.0;
            svg.append(String.format(Locale.ROOT,
                    "<text x='%.1f' y='%d' font-size='11' text-anchor='middle' fill='#5c6570'>%s</text>",
                    x, HEIGHT - 8, TIME.format(Instant.ofEpochMilli(t))));
        }
        for (int index = 0; index < lines.size(); index++) {
            Line line = lines.get(index);
            String colour = COLOURS[index % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (Sample sample : line.samples()) {
                double x = LEFT + plotWidth * (double) (sample.timeMillis() - t0) / (t1 - t0);
                double y = TOP + plotHeight - plotHeight * sample.value() / top;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            svg.append("<polyline fill='none' stroke-width='2' stroke='").append(colour).append("' points='")
                    .append(points).append("'/>");
            if (!line.samples().isEmpty() && line.samples().size() <= 60) {
                // Few points (a fresh history): mark each, or a lone point would not show at all.
                for (String point : points.toString().trim().split(" ")) {
                    String[] xy = point.split(",");
                    svg.append("<circle r='2.5' fill='").append(colour).append("' cx='").append(xy[0])
                            .append("' cy='").append(xy[1]).append("'/>");
                }
            }
            svg.append(String.format(Locale.ROOT,
                    "<rect x='%d' y='%d' width='10' height='10' fill='%s'/><text x='%d' y='%d' font-size='11' fill='#1f2733'>%s</text>",
                    LEFT + 8 + index * 160, TOP, colour, LEFT + 22 + index * 160, TOP + 9, escape(line.label())));
        }
        return svg.append("</svg>").toString();
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least {@code value}. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
