package io.weir.monitor.ui;

import io.weir.monitor.MonitorHistory;
import io.weir.monitor.history.SeriesKey;
import io.weir.ui.LineChart;
import java.time.Instant;

/** Chart lines from the monitor's history, for the pages that chart a series over a time range. */
final class ChartLines {

    private ChartLines() {
    }

    /** The series' samples between {@code from} and {@code to}, oldest first, as one labelled line. */
    static LineChart.Line of(String label, MonitorHistory history, SeriesKey key, Instant from, Instant to) {
        return new LineChart.Line(label, history.range(key, from.toEpochMilli(), to.toEpochMilli()).stream()
                .map(sample -> new LineChart.Point(sample.timeMillis(), sample.value())).toList());
    }
}
