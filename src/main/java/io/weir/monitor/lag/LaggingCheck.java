package io.weir.monitor.lag;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Fires when, on some partition, the lag was above zero at every point of the window (at least
 * {@link ConsumerCheck#MIN_POINTS}) and never shrank from one point to the next, while the
 * committed offset moved: the consumer works but does not catch up. A commit that did not move
 * is {@link StalledCheck}'s case.
 */
final class LaggingCheck implements ConsumerCheck {

    @Override
    public ConsumerStatus status() {
        return ConsumerStatus.LAGGING;
    }

    @Override
    public Optional<String> reason(GroupWindow window) {
        List<PartitionWindow> lagging = window.partitions().stream().filter(LaggingCheck::lagging).toList();
        if (lagging.isEmpty()) {
            return Optional.empty();
        }
        List<OffsetPoint> lags = lagging.get(0).lags();
        OffsetPoint first = lags.get(0);
        OffsetPoint last = lags.get(lags.size() - 1);
        return Optional.of("lag on " + ReasonText.partitions(lagging) + " did not shrink in "
                + ReasonText.duration(Duration.between(first.at(), last.at())) + " (" + ReasonText.count(first.offset())
                + " to " + ReasonText.count(last.offset()) + " messages) although the group keeps committing");
    }

    private static boolean lagging(PartitionWindow partition) {
        List<OffsetPoint> lags = partition.lags();
        if (lags.size() < MIN_POINTS || !partition.behindThroughout() || partition.commitsFlat()) {
            return false;
        }
        for (int i = 1; i < lags.size(); i++) {
            if (lags.get(i).offset() < lags.get(i - 1).offset()) {
                return false;
            }
        }
        return true;
    }
}
