package io.weir.ui;

import com.vaadin.flow.component.select.Select;
import java.time.Duration;
import java.util.List;

/** The time range of a page's charts: the last 15 minutes (the default), hour, 6 hours, day or week. */
public final class TimeRangeSelect extends Select<Duration> {

    public TimeRangeSelect(Runnable onChange) {
        setLabel("Time range");
        setItems(List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(7)));
        setItemLabelGenerator(range -> "Last " + HumanFormat.duration(range));
        setValue(Duration.ofMinutes(15));
        addValueChangeListener(change -> onChange.run());
    }
}
