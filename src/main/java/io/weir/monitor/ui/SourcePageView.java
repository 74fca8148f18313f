package io.weir.monitor.ui;

import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.NotFoundException;
import io.weir.monitor.SourceMonitor;

/**
 * A page about one configured source (the {@code :source} route parameter) or something in it; it
 * redraws only on that source's snapshots. An unknown source name shows the not-found page.
 */
abstract class SourcePageView extends LiveMonitorView implements BeforeEnterObserver, HasDynamicTitle {

    protected String source;

    SourcePageView(SourceMonitor monitor) {
        super(monitor);
    }

    /** Reads the page's own parameters from the route or query; the source is already set. */
    protected abstract void enter(BeforeEnterEvent event);

    /** What the page is about, for the browser tab's title. */
    protected abstract String subject();

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        source = event.getRouteParameters().get("source").orElse("");
        if (!monitor.sourceNames().contains(source)) {
            event.rerouteToError(NotFoundException.class, "No source named '" + source + "' is configured.");
            return;
        }
        enter(event);
        refresh();
    }

    @Override
    protected boolean shows(String changed) {
        return changed.equals(source);
    }

    @Override
    public String getPageTitle() {
        return subject() + " · Weir";
    }
}
