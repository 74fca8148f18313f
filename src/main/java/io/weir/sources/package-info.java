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
 * RabbitMQ queues cannot be read without changing them: {@link io.weir.sources.QueuePeek} takes
 * and requeues (marking messages redelivered), kept apart from the browser for that reason.
 * {@link io.weir.sources.QueuePurger} is the write side that empties a topic or queue, and
 * {@link io.weir.sources.GroupOffsets} the one that moves consumer groups.
 *
 * <p>Called by the monitor (reads) and operations (browsing, peeking, resets, purges). Calls nothing
 * else in Weir except {@code core}. Changing a broker goes through those separate write-side
 * interfaces, so monitoring code cannot change a broker by accident.
 */
package io.weir.sources;
