/**
 * The built-in broker over the Kafka wire protocol: {@link io.weir.broker.kafka.KafkaListener}
 * accepts Kafka clients on a TCP port and translates their requests into calls of
 * {@link io.weir.broker.Broker}'s Java API; {@link io.weir.broker.kafka.EmbeddedKafkaListener}
 * runs it in front of Weir's own broker ({@code weir.broker.kafka.*}).
 *
 * <p>Requests and responses are parsed and written with kafka-clients' generated protocol
 * classes ({@code org.apache.kafka.common.message}, {@code requests}, {@code record.internal}),
 * which are not a public API: kafka-clients is pinned in the pom and the listener's tests, run
 * against unmodified clients of that version, catch an upgrade that breaks them. The only package
 * of the broker that imports Kafka types; the broker core stays free of them.
 *
 * <p>Parts: {@code KafkaConnection} (framing, one request at a time per connection),
 * {@code KafkaApis} (parse, dispatch, serialize, errors), {@code SupportedApis} (what ApiVersions
 * advertises, and nothing else is served), and one class per group of APIs: {@code TopicApis}
 * (Metadata, ListOffsets), {@code ProduceApi} with {@code ProducerIds}/{@code ProducerSequence}
 * (idempotent producer), {@code FetchApi} with {@code FetchWaiters} (long polls),
 * {@code GroupCoordinator}/{@code ClassicGroup} (classic group protocol), {@code GroupOffsets}
 * (OffsetCommit, OffsetFetch), {@code GroupAdminApis} (DeleteGroups, OffsetDelete),
 * {@code TopicAdminApis} (CreateTopics, DeleteTopics, CreatePartitions, DescribeCluster,
 * DescribeLogDirs), {@code TopicConfigApis} (DescribeConfigs,
 * IncrementalAlterConfigs). Security: {@code ListenerSecurity} (SASL and TLS settings),
 * {@code SaslSession} (SASL/PLAIN per connection) and {@code ListenerPermissions} (what each
 * role may call); the users come through {@code KafkaUsers}, which Weir's security implements.
 *
 * <p>May call the broker's public API and Vert.x; is called by nothing else in Weir.
 */
package io.weir.broker.kafka;
