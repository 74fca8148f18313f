package io.weir.scenarios.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Redraws a scenario page once a second by server push while it is attached: the scenarios'
 * own figures change faster than the monitor polls. Push, not client polling, so a browser that
 * navigates away never leaves a poll request writing into a closed connection.
 */
final class PageTimer {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "weir-page-refresh-scenarios");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledFuture<?> task;

    private PageTimer(ScheduledFuture<?> task) {
        this.task = task;
    }

    static PageTimer everySecond(UI ui, Runnable refresh) {
        return new PageTimer(TIMER.scheduleWithFixedDelay(() -> {
            try {
                ui.access(refresh::run);
            } catch (UIDetachedException e) {
                // The page closed before its timer was stopped.
            }
        }, 1, 1, TimeUnit.SECONDS));
    }

    void stop() {
        task.cancel(false);
    }
}
