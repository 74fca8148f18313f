package io.weir.broker;

import io.weir.broker.log.LogRecord;
import io.weir.broker.log.PartitionLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The message IDs a topic accepted recently, for idempotent publish: at most {@code maxIds} of
 * them, and none accepted longer than {@code window} ago. It is not written to disk on its own:
 * {@link Topic} rebuilds it on open from the IDs stored in the partition logs, so it always agrees
 * with what the logs hold (including records that a crash left behind unacknowledged, which a
 * retrying producer must then see as duplicates). A rebuilt entry's acceptance time is its
 * record's timestamp, which is the producer's time if the producer gave one.
 *
 * <p>An ID is claimed before its message is appended, so a concurrent publish of the same ID waits
 * for the first one's offset instead of storing it twice. Thread-safe.
 */
final class DedupWindow {

    record Location(int partition, long offset) {
    }

    /**
     * @param owner true if the caller must append the message and then call {@link #accepted} or
     *     {@link #failed}; false if the ID is a duplicate and {@code location} gives (or will give)
     *     the original's place
     * @param location {@code null} for a generated ID, which the window does not hold
     */
    record Claim(String id, boolean owner, CompletableFuture<Location> location) {
    }

    private record Entry(CompletableFuture<Location> location, Instant acceptedAt) {
    }

    private final int maxIds;
    private final Duration window;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    DedupWindow(int maxIds, Duration window, Clock clock) {
        this.maxIds = maxIds;
        this.window = window;
        this.clock = clock;
    }

    /**
     * Claims each ID, in order, under one lock: a publish's batch costs one lock, not one per
     * message. A {@code null} ID gets one from {@code generate} and is not remembered: no producer
     * knows it before the publish returns, so no retry can repeat it.
     */
    synchronized List<Claim> claim(List<String> ids, Supplier<String> generate) {
        Instant now = clock.instant();
        forgetOlderThan(now.minus(window));
        List<Claim> claims = new ArrayList<>(ids.size());
        for (String id : ids) {
            if (id == null) {
                claims.add(new Claim(generate.get(), true, null));
                continue;
            }
            Entry existing = entries.get(id);
            if (existing != null) {
                claims.add(new Claim(id, false, existing.location()));
                continue;
            }
            CompletableFuture<Location> location = new CompletableFuture<>();
            if (maxIds > 0) {
                entries.put(id, new Entry(location, now));
            }
            claims.add(new Claim(id, true, location));
        }
        forgetBeyondCount();
        return claims;
    }

    void accepted(Claim claim, Location location) {
        if (claim.location() != null) {
            claim.location().complete(location);
        }
    }

    /** The append failed: forget the claim so a retry is not taken for a duplicate. */
    synchronized void failed(Claim claim, RuntimeException cause) {
        if (claim.location() == null) {
            return;
        }
        entries.computeIfPresent(claim.id(), (id, entry) -> entry.location() == claim.location() ? null : entry);
        claim.location().completeExceptionally(cause);
    }

    private synchronized void remember(String id, Location location, Instant acceptedAt) {
        if (maxIds == 0 || acceptedAt.isBefore(clock.instant().minus(window))) {
            return;
        }
        entries.remove(id);
        entries.put(id, new Entry(CompletableFuture.completedFuture(location), acceptedAt));
        forgetBeyondCount();
    }

    /** Reads back the newest {@code maxIds} records of every partition and remembers their IDs, oldest first. */
    void rebuildFrom(List<PartitionLog> partitions) {
        if (maxIds == 0) {
            return;
        }
        List<Recent> recent = new ArrayList<>();
        for (int p = 0; p < partitions.size(); p++) {
            PartitionLog log = partitions.get(p);
            long from = Math.max(log.startOffset(), log.endOffset() - maxIds);
            while (from < log.endOffset()) {
                List<LogRecord> records = log.read(from, 1000, 4L << 20);
                for (LogRecord record : records) {
                    if (record.messageId() != null) {
                        recent.add(new Recent(record.messageId(), new Location(p, record.offset()), record.timestamp()));
                    }
                }
                from += records.size();
            }
        }
        recent.sort(Comparator.comparing(Recent::acceptedAt).thenComparingInt(r -> r.location().partition())
                .thenComparingLong(r -> r.location().offset()));
        recent.forEach(r -> remember(r.id(), r.location(), r.acceptedAt()));
    }

    private record Recent(String id, Location location, Instant acceptedAt) {
    }

    private void forgetOlderThan(Instant cutoff) {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().acceptedAt().isBefore(cutoff)) {
            it.remove();
        }
    }

    private void forgetBeyondCount() {
        Iterator<String> it = entries.keySet().iterator();
        while (entries.size() > maxIds && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
