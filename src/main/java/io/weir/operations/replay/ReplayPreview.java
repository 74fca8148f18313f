package io.weir.operations.replay;

import io.weir.operations.browse.BrowsedMessage;
import java.util.List;
import java.util.Map;

/**
 * What a replay would do, computed without moving anything.
 *
 * @param queued messages the dead-letter queue holds now
 * @param scanned messages read to compute this preview
 * @param complete true when the scan covered the whole queue, so {@code selected} is exact
 * @param selected messages the selection takes, of those scanned
 * @param alreadyReplayed of those, replayed before by a job (they would be skipped)
 * @param destinations where the selected messages would go, with counts
 * @param withoutDestination selected messages whose headers name no original destination (they would fail)
 * @param sample the first selected messages, for a look before applying
 * @param warnings what the operator should know before applying
 * @param refusal why the replay would be refused, or {@code null}
 */
public record ReplayPreview(ReplayRequest request, long queued, long scanned, boolean complete, long selected,
        long alreadyReplayed, Map<String, Long> destinations, long withoutDestination, List<BrowsedMessage> sample,
        List<String> warnings, String refusal) {
}
