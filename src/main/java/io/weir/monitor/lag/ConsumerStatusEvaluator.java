package io.weir.monitor.lag;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs every consumer check on a group's window and reports the worst status that fired, by the
 * order of {@link ConsumerStatus}, with that check's reason. Pure and stateless.
 */
final class ConsumerStatusEvaluator {

    private static final List<ConsumerCheck> CHECKS = List.of(
            new RewoundCheck(), new NoConsumersCheck(), new StoppedCheck(), new StalledCheck(), new DeadLettersCheck(),
            new LaggingCheck());

    private ConsumerStatusEvaluator() {
    }

    static ConsumerStatusResult evaluate(GroupWindow window) {
        ConsumerStatusResult worst = new ConsumerStatusResult(ConsumerStatus.OK, okReason(window));
        for (ConsumerCheck check : CHECKS) {
            if (check.status().compareTo(worst.status()) > 0) {
                Optional<String> reason = check.reason(window);
                if (reason.isPresent()) {
                    worst = new ConsumerStatusResult(check.status(), reason.get());
                }
            }
        }
        return worst;
    }

    private static String okReason(GroupWindow window) {
        return window.partitions().stream()
                .filter(partition -> partition.latestLag().isPresent())
                .max(Comparator.comparingLong((PartitionWindow partition) -> partition.latestLag().orElseThrow().offset()))
                .map(partition -> "no problem found; largest lag is "
                        + ReasonText.count(partition.latestLag().orElseThrow().offset()) + " messages on " + partition.name())
                .orElse("no committed offsets to judge yet");
    }
}
