/**
 * The built-in broker: topics of partitioned durable logs and consumer groups, embedded in the
 * JVM. Plain JDK; imports nothing from Weir but its own storage, {@code io.weir.broker.log}, so it
 * can be lifted out as a library. {@link io.weir.broker.Broker} is the entry point; everything
 * else public is a value type, setting or exception of its API.
 *
 * <h2>Parts</h2>
 * <ul>
 * <li>{@code Topic}: the partition logs, {@code PartitionRouter} (murmur2 of the key, as Kafka;
 *     without a key a publish's messages go together to the next partition in turn),
 *     {@code DedupWindow} (idempotent publish, rebuilt from the logs on open; only producer-given
 *     IDs) and {@code BacklogLimit} (refuse or block when full, or while the broker-wide
 *     {@code DiskSpace} guard finds the disk short of free space).</li>
 * <li>{@code Group}, with {@code ConsumerGroup} for ordered mode (sticky partition assignment,
 *     committed offsets) and {@code SharedSubscription} for shared mode (per-message ack, nack,
 *     visibility timeout, attempts, dead letters). Their durable state is a
 *     {@code GroupStateJournal} of {@code GroupEvent}s; its class comment documents the format and
 *     what a crash leaves.</li>
 * <li>{@code DeadLetters}: writes {@code <topic>.<group>.dlq} and replays from it.
 *     {@code OffsetResetPlanner}: offset reset plans. {@code RetentionScheduler}: the one
 *     background thread, applying retention.</li>
 * </ul>
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li><b>Producer acknowledgement.</b> {@code publish} returns after the partition log's
 *     {@code append} returned, i.e. once the messages are durable under the topic's flush
 *     policy. A failed call may have stored part of its messages (those of other partitions);
 *     retrying with the same message IDs gets those back as duplicates.</li>
 * <li><b>Order.</b> Per partition, and therefore per key. Shared mode gives up order on
 *     redelivery.</li>
 * <li><b>Publish-subscribe and point-to-point.</b> Every group of a topic sees every message;
 *     within a group each message goes to one consumer at a time.</li>
 * <li><b>At least once.</b> Ordered mode redelivers what was fetched but not committed when a
 *     partition changes owner; shared mode redelivers what was not acknowledged in time, and
 *     every delivery is journaled before it is returned, so a restart does not forget it (it is
 *     redelivered with its attempt count). Consumers must be idempotent.</li>
 * <li><b>Nothing accepted is dropped</b> except by the topic's configured retention: a full
 *     topic refuses new publishes instead.</li>
 * </ul>
 *
 * <h2>Files</h2>
 * See {@link io.weir.broker.Broker} for the directory layout, {@code MetadataFile} for the
 * settings files, {@code GroupStateJournal} for group state and {@code io.weir.broker.log} for
 * the partition logs. Creations write their metadata file last and deletions first move the
 * directory to {@code trash/}, so a crash never leaves half a topic or group that opens.
 */
package io.weir.broker;
