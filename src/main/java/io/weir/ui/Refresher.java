package io.weir.ui;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Redraws a page once a second by server push while it is attached, for pages whose figures change
 * faster than the monitor's snapshots arrive (replay jobs, read from the database; the live
 * scenarios). Push rather than client polling, so a browser that navigates away never leaves a
 * poll request to write into a closed connection.
 */
public final class Refresher {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "weir-page-refresh");
        thread.setDaemon(true);
        return thread;
    });

    private final ScheduledFuture<?> task;

    private Refresher(ScheduledFuture<?> task) {
        this.task = task;
    }

    /** Starts redrawing {@code ui} with {@code refresh} every second; {@link #stop} ends it. */
    public static Refresher everySecond(UI ui, Runnable refresh) {
        return new Refresher(TIMER.scheduleWithFixedDelay(() -> {
            try {
                ui.access(refresh::run);
            } catch (UIDetachedException e) {
                // The page closed before its timer was stopped.
            }
        }, 1, 1, TimeUnit.SECONDS));
    }

    public void stop() {
        task.cancel(false);
    }
}
