/**
 * The built-in broker's SIGKILL crash harness: {@link io.weir.broker.crash.CrashBrokerServer} runs
 * a {@code Broker} in a child JVM behind a small line protocol; {@link io.weir.broker.crash.CrashHarness}
 * drives producers and consumers against it, kills it with SIGKILL at random moments, restarts it on
 * the same directory and checks what survived. {@code BrokerKillTest} runs a short version; the
 * {@code crash-soak} Maven profile a long one (README, Tests).
 *
 * <p>{@link io.weir.broker.crash.KafkaCrashHarness} does the same to
 * {@link io.weir.broker.crash.CrashKafkaServer}, the broker behind its Kafka listener, under
 * unmodified idempotent KafkaProducers ({@code KafkaProducerKillTest}, in the same profile).
 *
 * <p>Test code only. Uses the broker's public Java API (and the listener's, for the Kafka
 * harness) and nothing else from Weir (not its HTTP API, which is a separate feature), so it can
 * move with the broker.
 */
package io.weir.broker.crash;
