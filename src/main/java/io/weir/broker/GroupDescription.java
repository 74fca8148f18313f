package io.weir.broker;

import java.util.List;
import java.util.Map;

/**
 * A consumer group as it is now.
 *
 * @param members consumers seen within the session timeout, sorted
 * @param committed per partition, the offset the group resumes from: the committed offset in
 *     ordered mode; in shared mode the lowest offset not yet acknowledged or dead-lettered
 * @param lag per partition, messages from {@code committed} to the end of the partition
 * @param assignments ordered mode: partitions per member; empty in shared mode
 * @param inFlight shared mode: deliveries handed out and neither acknowledged nor expired
 * @param deadLetterTopic where this group's dead letters go (it exists only once one was written)
 * @param deadLetters dead letters not yet replayed with {@link ReplayMode#MOVE}
 */
public record GroupDescription(String topic, String group, GroupConfig config, List<String> members,
        Map<Integer, Long> committed, Map<Integer, Long> lag, Map<String, List<Integer>> assignments,
        int inFlight, String deadLetterTopic, long deadLetters) {

    public GroupDescription {
        members = List.copyOf(members);
        committed = Map.copyOf(committed);
        lag = Map.copyOf(lag);
        assignments = Map.copyOf(assignments);
    }

    public long totalLag() {
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }
}
