package io.weir.operations.browse;

import io.weir.operations.browse.BrowseRequest.Order;
import io.weir.sources.MessageReader;
import io.weir.sources.MessageReader.Span;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.StoredMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * One page of a browse over an open {@link MessageReader}: reads the partitions from their start
 * positions ({@link ScanStart}), merges them by timestamp (oldest or newest first), tests each
 * message against the filter and stops at the first of: enough matches, the end of the range, the
 * most messages to read, the time budget, or a cancel. Each partition keeps a small buffer of read
 * messages; the next page starts at the first message not yet tested, so pages neither skip nor
 * repeat. Newest first reads each partition backwards in chunks of {@value #CHUNK} messages. Runs
 * on the caller's thread; not thread-safe.
 */
final class MessageScan {

    static final int CHUNK = 500;
    private static final long PROGRESS_NANOS = 250_000_000;

    /** One partition being read: its unread range and the messages read but not yet tested. */
    private static final class Cursor {
        final int partition;
        /** Oldest first: the next offset to read; newest first: the end (exclusive) of what is left to read. */
        long next;
        /** Oldest first: the end (exclusive) of the range; newest first: its start (inclusive). */
        final long bound;
        final ArrayDeque<StoredMessage> buffer = new ArrayDeque<>();

        Cursor(int partition, long next, long bound) {
            this.partition = partition;
            this.next = next;
            this.bound = bound;
        }
    }

    private final MessageReader reader;
    private final BrowseRequest request;
    private final boolean newestFirst;
    private final long maxScan;
    private final long deadlineNanos;
    private final ScanListener listener;
    private final BooleanSupplier cancelled;
    private final String originHeader;
    private final List<Cursor> cursors = new ArrayList<>();
    private final Comparator<StoredMessage> order;

    /** @param originHeader the source's header naming a dead letter's original topic, or {@code null} */
    MessageScan(MessageReader reader, BrowseRequest request, long maxScan, long deadlineNanos, ScanListener listener,
            BooleanSupplier cancelled, String originHeader) {
        this.reader = reader;
        this.originHeader = originHeader;
        this.request = request;
        this.newestFirst = request.order() == Order.NEWEST_FIRST;
        this.maxScan = maxScan;
        this.deadlineNanos = deadlineNanos;
        this.listener = listener;
        this.cancelled = cancelled;
        Comparator<StoredMessage> byTime = (a, b) -> {
            int time = a.timestamp().compareTo(b.timestamp());
            if (time != 0) {
                return time;
            }
            return a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition()) : Long.compare(a.offset(), b.offset());
        };
        this.order = newestFirst ? byTime.reversed() : byTime;
    }

    BrowseResult run() throws SourceUnavailableException, InterruptedException {
        for (ScanStart.Range range : ScanStart.ranges(reader, request)) {
            cursors.add(new Cursor(range.partition(), range.start(), range.bound()));
        }
        List<BrowsedMessage> matches = new ArrayList<>();
        long scanned = 0;
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        BrowseResult.Stop stop;
        while (true) {
            if (cancelled.getAsBoolean()) {
                stop = BrowseResult.Stop.CANCELLED;
                break;
            }
            if (System.nanoTime() > deadlineNanos) {
                stop = BrowseResult.Stop.MAX_TIME;
                break;
            }
            if (scanned >= maxScan) {
                stop = BrowseResult.Stop.MAX_SCAN;
                break;
            }
            refill();
            Cursor head = null;
            for (Cursor cursor : cursors) {
                if (!cursor.buffer.isEmpty() && (head == null || order.compare(cursor.buffer.peek(), head.buffer.peek()) < 0)) {
                    head = cursor;
                }
            }
            if (head == null) {
                stop = BrowseResult.Stop.END;
                break;
            }
            BrowsedMessage message = BrowsedMessage.of(head.buffer.poll(), originHeader);
            scanned++;
            if (request.filter().matches(message)) {
                matches.add(message);
                listener.found(message);
                if (matches.size() >= request.limit()) {
                    stop = cursors.stream().allMatch(this::exhausted) ? BrowseResult.Stop.END : BrowseResult.Stop.LIMIT;
                    break;
                }
            }
            if (System.nanoTime() > nextProgress) {
                listener.progress(scanned, matches.size(), position());
                nextProgress = System.nanoTime() + PROGRESS_NANOS;
            }
        }
        Map<Integer, Long> position = position();
        listener.progress(scanned, matches.size(), position);
        return new BrowseResult(matches, scanned,
                stop == BrowseResult.Stop.END ? Optional.empty() : Optional.of(position), stop);
    }

    /** Where each partition's next page starts: its first message read but not tested, or what is left unread. */
    private Map<Integer, Long> position() {
        Map<Integer, Long> position = new LinkedHashMap<>();
        for (Cursor cursor : cursors) {
            StoredMessage first = cursor.buffer.peek();
            position.put(cursor.partition, first == null ? cursor.next : newestFirst ? first.offset() + 1 : first.offset());
        }
        return position;
    }

    private boolean exhausted(Cursor cursor) {
        return cursor.buffer.isEmpty() && (newestFirst ? cursor.next <= cursor.bound : cursor.next >= cursor.bound);
    }

    /** Reads for every partition whose buffer is empty and which has more to read, all in one read. */
    private void refill() throws SourceUnavailableException, InterruptedException {
        List<Cursor> empty = cursors.stream().filter(c -> c.buffer.isEmpty() && !exhausted(c)).toList();
        if (empty.isEmpty()) {
            return;
        }
        if (newestFirst) {
            readChunksBackwards(empty);
        } else {
            Map<Integer, Span> spans = new HashMap<>();
            empty.forEach(c -> spans.put(c.partition, new Span(c.next, c.bound)));
            MessageReader.Batch batch = read(spans);
            Map<Integer, Cursor> byPartition = new HashMap<>();
            empty.forEach(c -> byPartition.put(c.partition, c));
            batch.messages().forEach(m -> byPartition.get(m.partition()).buffer.add(m));
            empty.forEach(c -> c.next = batch.nextOffsets().getOrDefault(c.partition, c.next));
        }
    }

    /** Newest first: reads the chunk below each cursor's end whole, then buffers it newest first. */
    private void readChunksBackwards(List<Cursor> empty) throws SourceUnavailableException, InterruptedException {
        Map<Integer, Long> chunkStarts = new HashMap<>();
        Map<Integer, Long> reading = new HashMap<>();
        Map<Integer, List<StoredMessage>> chunks = new HashMap<>();
        for (Cursor c : empty) {
            long start = Math.max(c.bound, c.next - CHUNK);
            chunkStarts.put(c.partition, start);
            reading.put(c.partition, start);
            chunks.put(c.partition, new ArrayList<>());
        }
        Map<Integer, Cursor> byPartition = new HashMap<>();
        empty.forEach(c -> byPartition.put(c.partition, c));
        while (!reading.isEmpty()) {
            Map<Integer, Span> spans = new HashMap<>();
            reading.forEach((partition, from) -> spans.put(partition, new Span(from, byPartition.get(partition).next)));
            MessageReader.Batch batch = read(spans);
            batch.messages().forEach(m -> chunks.get(m.partition()).add(m));
            for (Integer partition : List.copyOf(reading.keySet())) {
                long next = batch.nextOffsets().getOrDefault(partition, reading.get(partition));
                if (next >= byPartition.get(partition).next) {
                    reading.remove(partition);
                } else {
                    reading.put(partition, next);
                }
            }
        }
        for (Cursor c : empty) {
            List<StoredMessage> chunk = chunks.get(c.partition);
            for (int i = chunk.size() - 1; i >= 0; i--) {
                c.buffer.add(chunk.get(i));
            }
            c.next = chunkStarts.get(c.partition);
        }
    }

    /** A read that moves no partition on would loop forever: that broker is not answering. */
    private MessageReader.Batch read(Map<Integer, Span> spans) throws SourceUnavailableException, InterruptedException {
        MessageReader.Batch batch = reader.read(spans);
        boolean moved = !batch.messages().isEmpty() || spans.entrySet().stream()
                .anyMatch(e -> batch.nextOffsets().getOrDefault(e.getKey(), e.getValue().from()) > e.getValue().from());
        if (!moved) {
            throw new SourceUnavailableException("no messages came from partitions " + new TreeSet<>(spans.keySet())
                    + " within the source's timeout although their offsets say there are some");
        }
        return batch;
    }
}
