/**
 * RabbitMQ sources, read through the management plugin's HTTP API (JDK HTTP client + Jackson).
 * The only package that talks to RabbitMQ.
 *
 * <p>{@link io.weir.sources.rabbitmq.RabbitMqSource} is the public face; behind it, one reader per
 * resource: {@code RabbitHealthReader} (overview, nodes, and {@code RabbitHealthChecks} for the
 * server's health-check endpoints) and {@code RabbitQueueReader} (queues, with
 * {@code DeadLetterTargets} telling which of them are dead-letter queues, and the settings the
 * reliability advisor checks) and {@code RabbitConsumerReader} (consumers' acknowledgement mode and
 * prefetch, at most once a minute). All of them call the
 * API through {@code ManagementApi}, which turns every failure into a sentence for an operator.
 * A poll costs eight calls: overview, nodes, five health checks and the queues; two more
 * (bindings, exchanges) when some queue dead-letters through a named exchange, and one (consumers)
 * once a minute.
 */
package io.weir.sources.rabbitmq;
