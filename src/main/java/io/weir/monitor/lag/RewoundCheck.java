package io.weir.monitor.lag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Fires when a committed offset went backwards between two consecutive points in the window, on
 * any partition. Reports the most recent rewind, since that is the one an operator will look for.
 */
final class RewoundCheck implements ConsumerCheck {

    private record Rewind(PartitionWindow partition, OffsetPoint from, OffsetPoint to) {
    }

    @Override
    public ConsumerStatus status() {
        return ConsumerStatus.REWOUND;
    }

    @Override
    public Optional<String> reason(GroupWindow window) {
        List<Rewind> rewinds = new ArrayList<>();
        for (PartitionWindow partition : window.partitions()) {
            latestRewind(partition).ifPresent(rewinds::add);
        }
        if (rewinds.isEmpty()) {
            return Optional.empty();
        }
        rewinds.sort(Comparator.comparing((Rewind rewind) -> rewind.to().at()).reversed());
        Rewind latest = rewinds.get(0);
        List<PartitionWindow> partitions = rewinds.stream().map(Rewind::partition).toList();
        return Optional.of("committed offset on " + ReasonText.partitions(partitions)
                + " went back from " + ReasonText.count(latest.from().offset())
                + " to " + ReasonText.count(latest.to().offset())
                + " at " + ReasonText.time(latest.to().at()));
    }

    private static Optional<Rewind> latestRewind(PartitionWindow partition) {
        List<OffsetPoint> commits = partition.commits();
        for (int i = commits.size() - 1; i > 0; i--) {
            if (commits.get(i).offset() < commits.get(i - 1).offset()) {
                return Optional.of(new Rewind(partition, commits.get(i - 1), commits.get(i)));
            }
        }
        return Optional.empty();
    }
}
