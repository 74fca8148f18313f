/**
 * The operations benchmark ({@link io.weir.bench.operations.OperationsBenchmark}): Weir's
 * dead-letter replay beside RabbitMQ's dynamic shovel and Kafka's console consumer piped into its
 * console producer, and Weir's message browser beside the console consumer piped into
 * {@code grep}. Benchmark code in test sources, run by the {@code bench} Maven profile with
 * {@code -Dbench.suite=operations}; Weir runs as the packaged application and is driven through
 * its REST API, the brokers are fed and checked with their own clients.
 */
package io.weir.bench.operations;
