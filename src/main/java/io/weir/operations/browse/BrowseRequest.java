package io.weir.operations.browse;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What to browse in one topic: where to start, in which order, what to keep and how much to return.
 * Starting points, first given wins: {@code position} (a previous page's {@link BrowseResult#next()}),
 * {@code offset} (in each browsed partition), the filter's time range ({@code from} for oldest
 * first, {@code until} for newest first), else the oldest or newest message.
 *
 * @param partition only this partition, or {@code null} for all, merged by timestamp
 * @param offset oldest first: the first offset to read; newest first: the newest offset to read; or {@code null}
 * @param position per partition where the previous page stopped, or {@code null}
 * @param limit most matches to return (1 to {@value #MAX_LIMIT})
 * @param maxScan most messages to read, or 0 for the configured maximum (never more than it)
 */
public record BrowseRequest(Integer partition, Long offset, Map<Integer, Long> position, Order order, int limit,
        MessageFilter filter, long maxScan) {

    public enum Order { OLDEST_FIRST, NEWEST_FIRST }

    public static final int MAX_LIMIT = 1000;

    public BrowseRequest {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(filter, "filter");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
        }
        if (offset != null && offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must not be negative: " + partition);
        }
        if (maxScan < 0) {
            throw new IllegalArgumentException("maxScan must not be negative: " + maxScan);
        }
        position = position == null ? null : Map.copyOf(position);
    }

    /** The oldest {@code limit} messages of every partition, unfiltered. */
    public static BrowseRequest oldest(int limit) {
        return new BrowseRequest(null, null, null, Order.OLDEST_FIRST, limit, MessageFilter.NONE, 0);
    }

    public BrowseRequest withPosition(Map<Integer, Long> position) {
        return new BrowseRequest(partition, offset, position, order, limit, filter, maxScan);
    }

    /** {@code 0:120,1:98}: a position as text, for a page token. */
    public static String formatPosition(Map<Integer, Long> position) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(position).forEach((p, o) -> text.append(text.isEmpty() ? "" : ",").append(p).append(':').append(o));
        return text.toString();
    }

    /** Reads {@link #formatPosition}'s text, or says what is wrong with it. */
    public static Map<Integer, Long> parsePosition(String text) {
        Map<Integer, Long> position = new TreeMap<>();
        for (String part : text.split(",")) {
            String[] pair = part.strip().split(":");
            try {
                if (pair.length != 2 || Integer.parseInt(pair[0]) < 0 || Long.parseLong(pair[1]) < 0) {
                    throw new NumberFormatException();
                }
                position.put(Integer.parseInt(pair[0]), Long.parseLong(pair[1]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("position must be partition:offset pairs separated by commas, like 0:120,1:98: "
                        + text);
            }
        }
        return position;
    }
}
