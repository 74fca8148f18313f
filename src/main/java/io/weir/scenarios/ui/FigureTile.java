package io.weir.scenarios.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.weir.ui.StatusBadge;

/**
 * A figure on a scenario page: a label, a large value and a line of detail. Built once and
 * updated in place every second, so a button inside it stays the same element while it is clicked.
 */
final class FigureTile extends Div {

    private final Span label = new Span();
    private final Span value = new Span();
    private final Span detail = new Span();

    FigureTile(String id, String label) {
        setId(id);
        addClassName("weir-card");
        this.label.setText(label);
        this.label.addClassName("weir-card-title");
        value.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("font-weight", "600").set("display", "block");
        detail.addClassName("weir-secondary");
        detail.getStyle().set("display", "block");
        add(this.label, value, detail);
        tone(StatusBadge.Tone.NEUTRAL);
    }

    /** Colours the tile's edge: good, bad, warning, or neutral (the default) for figures that judge nothing. */
    FigureTile tone(StatusBadge.Tone tone) {
        getStyle().set("border-left-color", switch (tone) {
            case GOOD -> "var(--weir-up)";
            case BAD -> "var(--weir-down)";
            case WARNING -> "var(--lumo-warning-color, #ffc66d)";
            case NEUTRAL -> "var(--lumo-contrast-30pct)";
        });
        return this;
    }

    /** Shows the figure; its value is also the tile's {@code data-value}, for tests to read. */
    FigureTile show(String value, String detail) {
        this.value.setText(value);
        getElement().setAttribute("data-value", value);
        this.detail.setText(detail);
        return this;
    }
}
