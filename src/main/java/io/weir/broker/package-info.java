/**
 * Weir's built-in broker: durable topics with partitions, consumer groups, acknowledgements,
 * redelivery and dead letters. Imports nothing else from Weir and no framework, so it could be
 * lifted out as a library; the rest of Weir watches it through a source adapter, like any broker.
 * So far only its storage layer exists ({@code log}).
 */
package io.weir.broker;
