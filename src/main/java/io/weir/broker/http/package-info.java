/**
 * The built-in broker's HTTP API under {@code /api/broker/v1}: JSON resources over
 * {@link io.weir.broker.Broker} for producers, consumers and operators (topics, groups, batch
 * publish, long-poll fetch and receive, ack and nack, offset resets, dead-letter replay).
 *
 * <p>Called only by HTTP clients, through JAX-RS. Depends only on {@code io.weir.broker..} (the
 * broker and {@code embedded}, which runs it and holds its configured defaults), never on the rest
 * of Weir, so it moves with the broker if that is lifted out. It is behind the same HTTP Basic
 * authentication as the rest of {@code /api/*}; the role names are written out here for that reason.
 * {@link io.weir.broker.http.BrokerErrorsInterceptor} turns the broker's exceptions into JSON
 * errors with their status; {@link io.weir.broker.http.BrokerRequestReader} reads request bodies
 * strictly and answers what does not fit with a JSON 400 naming the field. What lies outside the
 * resources (unknown paths, oversized bodies, sign-in) is answered by the hosting application.
 */
package io.weir.broker.http;
