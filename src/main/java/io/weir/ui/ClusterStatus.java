package io.weir.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.weir.cluster.Leadership;

/**
 * The header's cluster line: a banner while the database does not answer (on every replica), and
 * with several replicas which one leads, this one or another. Redrawn by server push when the
 * leadership thread reports a change.
 */
final class ClusterStatus extends HorizontalLayout {

    private final Leadership leadership;
    private final Span database = new Span();
    private final Span leader = new Span();
    private Runnable unsubscribe;

    ClusterStatus(Leadership leadership) {
        this.leadership = leadership;
        database.addClassName("weir-database-down");
        database.getElement().getThemeList().add("badge error primary");
        leader.addClassName("weir-leader");
        add(database, leader);
        setAlignItems(FlexComponent.Alignment.CENTER);
        show();
    }

    private void show() {
        database.setVisible(leadership.databaseProblem().isPresent());
        database.setText(leadership.databaseProblem().map(reason -> "Database unreachable: " + reason
                + (leadership.clustered() ? " (no replica can lead until it answers)" : "")).orElse(""));
        leader.setVisible(leadership.clustered());
        if (leadership.clustered()) {
            leader.setText(leadership.isLeader() ? "Leader: this replica (" + leadership.replica() + ")"
                    : leadership.leader().map(name -> "Leader: " + name + " · this replica follows").orElse("No leader"));
            leader.setTitle("This replica: " + leadership.replica());
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = leadership.subscribe(() -> {
            try {
                ui.access(this::show);
            } catch (UIDetachedException e) {
                // The page closed meanwhile.
            }
        });
        show();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
        }
    }
}
