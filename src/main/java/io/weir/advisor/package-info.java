/**
 * The reliability advisor: checks every topic, queue, group and consumer of every source against
 * the safeguards of the message-queue article (copies on several brokers, durable queues,
 * dead-letter queues someone drains, manual acknowledgement, bounded backlogs, deduplication) and
 * explains each finding with its evidence, its consequence and its fix. The checks are pure
 * functions of a snapshot and what earlier snapshots showed ({@code KafkaChecks},
 * {@code RabbitMqChecks}, {@code BuiltinChecks}, {@code CommonChecks}); the settings they read come
 * with the monitor's snapshots ({@link io.weir.core.ObjectSettings}), so the advisor adds no load on
 * the brokers. {@link io.weir.advisor.ReliabilityAdvisor} runs them on each new snapshot, exports
 * {@code weir_advisor_findings} through {@code monitor}'s meters, and stores acknowledgements
 * (an operator accepting a finding with a reason), each written to the operations audit log.
 *
 * <p>Called by {@code api} and its own {@code ui}. Calls {@code monitor} (snapshots, history,
 * meters), {@code operations.audit} and the database; never a broker.
 */
package io.weir.advisor;
