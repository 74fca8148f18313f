package io.weir.operations.offsets;

import io.weir.core.PartitionRef;
import java.util.List;
import java.util.Map;

/**
 * An applied offset reset: the plan carried out, the offsets read back from the broker afterwards,
 * and every partition where they differ from the plan (an error: someone else committed, or the
 * broker did not take the commit).
 *
 * @param auditId the audit entry of the apply (the one an undo restores)
 */
public record OffsetResetResult(OffsetResetPlan plan, Map<PartitionRef, Long> readBack, List<String> mismatches,
        long auditId) {

    public OffsetResetResult {
        readBack = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(readBack));
        mismatches = List.copyOf(mismatches);
    }

    public boolean matchesPlan() {
        return mismatches.isEmpty();
    }
}
