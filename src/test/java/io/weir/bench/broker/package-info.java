/**
 * The broker benchmark ({@link io.weir.bench.broker.BrokerBenchmark}): the built-in broker's
 * durable publish throughput and publish-to-consume latency against a real Kafka and RabbitMQ and
 * the disk itself. Benchmark code in test sources, run by the {@code bench} Maven profile with
 * {@code -Dbench.suite=broker}; it may use the broker's Java API and the Kafka and RabbitMQ
 * clients, and the table of {@code io.weir.bench}.
 */
package io.weir.bench.broker;
