package io.weir.broker;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chooses a message's partition. A keyed message goes to
 * {@code (murmur2(key) & 0x7fffffff) % partitions}: the 32-bit murmur2 with seed
 * {@code 0x9747b28c} that Kafka's default partitioner uses, so a key lands in the same partition
 * number as it would in Kafka with the same partition count. The choice depends only on the key
 * bytes and the partition count, which is fixed when the topic is created, so all messages of a
 * key stay in one partition and keep their order. Messages without a key have no order to keep:
 * those of one publish all go to the same partition, the next one in turn (as Kafka's sticky
 * partitioner does), so that a batch costs one append and one fsync wait instead of one per
 * partition, and the partitions still fill evenly over many publishes. Thread-safe.
 */
final class PartitionRouter {

    private final int partitions;
    private final AtomicInteger next = new AtomicInteger();

    PartitionRouter(int partitions) {
        this.partitions = partitions;
    }

    /** The partition for the keyless messages of one publish: the next in turn. */
    int nextKeyless() {
        return Math.floorMod(next.getAndIncrement(), partitions);
    }

    /** The key's partition, or {@code keyless} (from {@link #nextKeyless}) without a key. */
    int partitionFor(byte[] key, int keyless) {
        return key == null ? keyless : (murmur2(key) & 0x7fffffff) % partitions;
    }

    static int murmur2(byte[] data) {
        final int m = 0x5bd1e995;
        final int r = 24;
        int length = data.length;
        int h = 0x9747b28c ^ length;
        for (int i = 0; i + 4 <= length; i += 4) {
            int k = (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16
                    | (data[i + 3] & 0xff) << 24;
            k *= m;
            k ^= k >>> r;
            k *= m;
            h *= m;
            h ^= k;
        }
        int tail = length & ~3;
        switch (length % 4) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }
}
