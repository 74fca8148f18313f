package io.weir.operations.browse;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page of a browse.
 *
 * @param messages the matches, in the browse's order
 * @param scanned messages read and tested
 * @param next where the next page starts, per partition; empty once the browse reached its end
 * @param stop why the scan stopped
 */
public record BrowseResult(List<BrowsedMessage> messages, long scanned, Optional<Map<Integer, Long>> next, Stop stop) {

    /** Why a scan stopped; all but {@link #END} leave more to read. */
    public enum Stop {
        /** The page holds as many matches as asked for. */
        LIMIT("the page is full"),
        /** Every message in range was read: nothing more to find. */
        END("reached the end"),
        /** The scan read its most messages ({@code maxScan}). */
        MAX_SCAN("stopped after the most messages one search may read"),
        /** The scan ran out of time ({@code weir.operations.browse.max-seconds}). */
        MAX_TIME("stopped after the longest time one search may take"),
        /** The user cancelled it. */
        CANCELLED("cancelled");

        private final String description;

        Stop(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    public BrowseResult {
        messages = List.copyOf(messages);
    }

    public long matched() {
        return messages.size();
    }

    public boolean complete() {
        return stop == Stop.END;
    }
}
