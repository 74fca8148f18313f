package io.weir.monitor.lag;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Fires when the group has no members while messages arrive on the partitions it has offsets in.
 * An empty group on a quiet topic is not a problem: nothing waits for it.
 */
final class NoConsumersCheck implements ConsumerCheck {

    @Override
    public ConsumerStatus status() {
        return ConsumerStatus.NO_CONSUMERS;
    }

    @Override
    public Optional<String> reason(GroupWindow window) {
        if (window.members() > 0) {
            return Optional.empty();
        }
        List<PartitionWindow> receiving = window.partitions().stream().filter(partition -> partition.arrived() > 0).toList();
        if (receiving.isEmpty()) {
            return Optional.empty();
        }
        long arrived = receiving.stream().mapToLong(PartitionWindow::arrived).sum();
        Duration span = receiving.stream().map(PartitionWindow::endSpan).max(Comparator.naturalOrder()).orElseThrow();
        List<String> topics = receiving.stream().map(PartitionWindow::topic).distinct().toList();
        return Optional.of("no consumers in the group while " + ReasonText.count(arrived) + " messages arrived on "
                + String.join(", ", topics) + " in the last " + ReasonText.duration(span));
    }
}
