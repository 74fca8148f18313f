package io.weir.monitor.lag;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Fires when, on some partition, the committed offset has not moved for longer than the window
 * while its end offset grew within the window. Members are not looked at: a group whose members
 * no longer commit is as stopped as an empty one. Snapshots show offsets, not commit requests, so
 * a consumer that keeps committing the same offset counts as not committing.
 */
final class StoppedCheck implements ConsumerCheck {

    @Override
    public ConsumerStatus status() {
        return ConsumerStatus.STOPPED;
    }

    @Override
    public Optional<String> reason(GroupWindow window) {
        List<PartitionWindow> stopped = window.partitions().stream()
                .filter(partition -> partition.arrived() > 0 && unchangedFor(partition, window).compareTo(window.window()) > 0)
                .toList();
        if (stopped.isEmpty()) {
            return Optional.empty();
        }
        Duration longest = stopped.stream().map(partition -> unchangedFor(partition, window))
                .max(Comparator.naturalOrder()).orElseThrow();
        Duration span = stopped.stream().map(PartitionWindow::endSpan).max(Comparator.naturalOrder()).orElseThrow();
        long arrived = stopped.stream().mapToLong(PartitionWindow::arrived).sum();
        return Optional.of("no commits on " + ReasonText.partitions(stopped) + " for " + ReasonText.duration(longest)
                + " while " + ReasonText.count(arrived) + " messages arrived in the last " + ReasonText.duration(span));
    }

    /** How long the commit has kept its value; zero without commits, so such partitions never fire. */
    private static Duration unchangedFor(PartitionWindow partition, GroupWindow window) {
        return partition.commitUnchangedSince().map(since -> Duration.between(since, window.now())).orElse(Duration.ZERO);
    }
}
