/**
 * Kafka sources, read through the kafka-clients AdminClient. The only package that imports
 * kafka-clients. {@link io.weir.sources.kafka.KafkaSource} composes one reader per resource, all
 * sharing its one AdminClient: {@code KafkaClusterReader} (health, brokers, log directories),
 * {@code KafkaTopicReader} (topics, partitions, offsets) and {@code KafkaGroupReader} (consumer
 * groups and their commits). Keep it split by resource as it grows, never one large AdminClient
 * wrapper, and keep every call batched over all topics, partitions or groups: a read must take
 * the same few round trips on a cluster of ten topics or ten thousand partitions.
 */
package io.weir.sources.kafka;
