/**
 * Runs the built-in broker inside Weir: reads its settings ({@code weir.broker.*},
 * {@link io.weir.broker.embedded.EmbeddedBrokerConfig}), opens it under the data directory at
 * start-up and closes it at shutdown. With {@code io.weir.broker.http}, which serves it over HTTP,
 * and {@code io.weir.broker.kafka}, which serves it over the Kafka protocol, the only parts of
 * {@code io.weir.broker} that know Quarkus; the broker itself stays a plain library.
 */
package io.weir.broker.embedded;
