/**
 * Kafka sources, read through the kafka-clients AdminClient. The only package that imports
 * kafka-clients. Split by resource as it grows (cluster, topics, groups, offsets), never into one
 * large AdminClient wrapper.
 */
package io.weir.sources.kafka;
