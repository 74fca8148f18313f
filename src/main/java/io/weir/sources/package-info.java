/**
 * Reading brokers. {@link io.weir.sources.BrokerSource} answers "what does this broker look like
 * now?"; {@link io.weir.sources.SourceRegistry} builds one per configured source through the
 * {@link io.weir.sources.SourceFactory} of its kind. One sub-package per broker kind
 * ({@code kafka}, {@code rabbitmq}, {@code builtin}), each with its factory, and none imported by
 * this package; {@link io.weir.sources.NextRecordTimestamps} is shared by the kinds whose messages
 * carry timestamps at offsets. This is the only place that
 * talks to brokers, and the only place that imports kafka-clients or the RabbitMQ HTTP API.
 *
 * <p>{@link io.weir.sources.MessageBrowser} reads stored messages for the message browser, without
 * joining, committing or moving anything; each kind that can offers one through its factory.
 *
 * <p>Called by the monitor (reads) and operations (browsing). Calls nothing else in Weir except {@code core}. Changing a
 * broker (operations) will get its own, separate interface here, so monitoring code cannot change
 * a broker by accident.
 */
package io.weir.sources;
