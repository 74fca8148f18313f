package io.weir.alerting.rules;

import io.weir.alerting.Alert;
import io.weir.alerting.AlertBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every {@link AlertBatch} the engine fires during a Quarkus test, as the dispatcher would receive them. */
@ApplicationScoped
public class RecordedAlertBatches {

    private final List<AlertBatch> batches = new CopyOnWriteArrayList<>();

    void record(@Observes AlertBatch batch) {
        batches.add(batch);
    }

    /** Every alert handed on under {@code alertName}, in the order the batches came. */
    List<Alert> alertsNamed(String alertName) {
        return batches.stream().flatMap(batch -> batch.alerts().stream()).filter(a -> alertName.equals(a.name())).toList();
    }
}
