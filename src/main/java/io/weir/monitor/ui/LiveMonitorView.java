package io.weir.monitor.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.weir.monitor.SourceMonitor;

/**
 * A page that redraws itself by server push whenever the monitor publishes a snapshot it shows.
 * The subscription lives exactly as long as the page is attached to a browser tab.
 */
abstract class LiveMonitorView extends VerticalLayout {

    protected final SourceMonitor monitor;
    private Runnable unsubscribe;

    LiveMonitorView(SourceMonitor monitor) {
        this.monitor = monitor;
    }

    /** Redraws the page from the monitor's latest snapshots; runs with the UI locked. */
    protected abstract void refresh();

    /** Whether a new snapshot of {@code source} changes this page; every source by default. */
    protected boolean shows(String source) {
        return true;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = monitor.subscribe(snapshot -> {
            if (shows(snapshot.source())) {
                try {
                    ui.access(this::refresh);
                } catch (UIDetachedException e) {
                    // The page closed between the snapshot and this redraw; onDetach unsubscribes.
                }
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }
}
