package io.weir.alerting.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.weir.alerting.rules.RuleEngine;

/**
 * A page redrawn by server push after each rule evaluation or reload. The subscription lives
 * exactly as long as the page is attached to a browser tab.
 */
abstract class LiveAlertingView extends VerticalLayout {

    protected final RuleEngine engine;
    private Runnable unsubscribe;

    LiveAlertingView(RuleEngine engine) {
        this.engine = engine;
        setWidthFull();
    }

    /** Redraws the page from the engine's current state; runs with the UI locked. */
    protected abstract void refresh();

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = engine.subscribe(() -> ui.access(this::refresh));
        refresh();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }
}
