package io.weir.operations.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import io.weir.ui.HumanFormat;
import java.time.Instant;

/** Grid cells the operations pages share: a main line over a secondary one, and a time both relative and absolute. */
final class Cells {

    private Cells() {
    }

    static Component twoLines(String first, String second) {
        Div secondLine = new Div(second);
        secondLine.addClassName("weir-secondary");
        return new Div(new Div(first), secondLine);
    }

    /** "3 min ago" over "2026-12-02 17:39:20 UTC"; "unknown" without a time. */
    static Component time(Instant time) {
        return time == null ? new Div("unknown") : twoLines(HumanFormat.ago(time, Instant.now()), HumanFormat.absolute(time));
    }
}
