/**
 * RabbitMQ sources, read through the management plugin's HTTP API (JDK HTTP client + Jackson).
 * The only package that talks to RabbitMQ.
 */
package io.weir.sources.rabbitmq;
