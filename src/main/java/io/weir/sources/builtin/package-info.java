/** The built-in broker as a source: the monitor watches it exactly like Kafka or RabbitMQ. */
package io.weir.sources.builtin;
