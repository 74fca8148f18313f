/**
 * Runs the built-in broker inside Weir: opens it under the data directory at start-up and closes
 * it at shutdown. The only part of {@code io.weir.broker} that knows Quarkus; the broker itself
 * stays a plain library.
 */
package io.weir.broker.embedded;
