package io.weir.monitor.lag;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Fires when, on some partition, the committed offset kept one value at every point of the window
 * (at least {@link ConsumerCheck#MIN_POINTS}) while the lag stayed above zero at every point. A
 * lag of zero anywhere means the consumer had nothing to do then, which is idle, not stuck.
 */
final class StalledCheck implements ConsumerCheck {

    @Override
    public ConsumerStatus status() {
        return ConsumerStatus.STALLED;
    }

    @Override
    public Optional<String> reason(GroupWindow window) {
        List<PartitionWindow> stalled = window.partitions().stream()
                .filter(partition -> partition.commits().size() >= MIN_POINTS
                        && partition.commitsFlat() && partition.behindThroughout())
                .toList();
        if (stalled.isEmpty()) {
            return Optional.empty();
        }
        PartitionWindow first = stalled.get(0);
        long committed = first.commits().get(0).offset();
        Duration stuckFor = Duration.between(first.commitUnchangedSince().orElseThrow(), window.now());
        long behind = first.latestLag().orElseThrow().offset();
        return Optional.of("committed offset on " + ReasonText.partitions(stalled) + " stuck at " + ReasonText.count(committed)
                + " for " + ReasonText.duration(stuckFor) + " with " + ReasonText.count(behind) + " messages behind");
    }
}
