package io.weir.sources;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import io.weir.core.SourceKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sources section of the configuration: {@code weir.sources.<name>.<key>}, from
 * {@code config/application.properties} in the working directory or from environment variables
 * such as {@code WEIR_SOURCES_PROD_BOOTSTRAP_SERVERS}. Never log or show this object: it holds
 * passwords.
 */
@ConfigMapping(prefix = "weir.sources")
public interface SourcesConfig {

    @WithParentName
    Map<String, Source> all();

    interface Source {
        /** {@code kafka}, {@code rabbitmq} or {@code builtin}. */
        SourceKind kind();

        /** Kafka: {@code host:port[,host:port...]}. */
        Optional<String> bootstrapServers();

        /** RabbitMQ: base URL of the management HTTP API, e.g. {@code http://rabbit:15672}. */
        Optional<String> managementUrl();

        /** RabbitMQ: management API user. */
        Optional<String> username();

        /** RabbitMQ: management API password. */
        Optional<String> password();

        /** RabbitMQ: only watch this virtual host. */
        Optional<String> vhost();

        /** Time between the starts of two polls. */
        @WithDefault("10s")
        Duration pollInterval();

        /** Longest a poll may take before the source counts as down. */
        @WithDefault("5s")
        Duration timeout();

        /** Kafka: client properties passed through as they are (SASL, TLS), e.g. {@code properties."security.protocol"}. */
        Map<String, String> properties();

        /**
         * Glob patterns ({@code *} for any run of characters) of the topic names that are dead-letter
         * topics, comma-separated; {@link SourceSettings#DEFAULT_DEAD_LETTER_PATTERNS} when absent.
         */
        Optional<List<String>> deadLetterPatterns();

        /**
         * Also export series per partition ({@code weir_partition_...}); off by default, since a
         * large cluster has tens of thousands of partitions.
         */
        @WithDefault("false")
        boolean partitionMetrics();

        /**
         * Kafka and the built-in broker: at most this many messages read per poll for the
         * timestamp of the first message a group has yet to read (its exact lag in time); each is
         * read once while the group stays at that offset. 0 turns the reads off: lag in time is
         * then estimated from the history of end offsets. Default
         * {@link SourceSettings#DEFAULT_LAG_TIMESTAMP_READS}.
         */
        @WithDefault("" + SourceSettings.DEFAULT_LAG_TIMESTAMP_READS)
        int lagTimestampReads();

        /**
         * Weir changes nothing on this source: offset resets, replays and purges are refused for
         * every role, with that reason. Browsing and monitoring work as usual.
         */
        @WithDefault("false")
        boolean readOnly();

        /**
         * Saved filters of the message browser: {@code saved-filters.<filter>.<parameter>=<value>}, where
         * a parameter is one of the API's filter parameters ({@link BrowsePolicy#FILTER_PARAMETERS}),
         * e.g. {@code saved-filters.refunds.header=type:refund}.
         */
        Map<String, Map<String, String>> savedFilters();

        /** Who sees the payloads of {@link #sensitiveTopics}: {@code all} (default), {@code operator} or {@code none}. */
        @WithDefault("all")
        BrowsePolicy.PayloadVisibility payloadVisibility();

        /** Glob patterns, comma-separated, of the topics {@link #payloadVisibility} applies to; absent: every topic. */
        Optional<List<String>> sensitiveTopics();

        /**
         * A header naming the original topic of a dead letter, for frameworks whose headers Weir does
         * not know (it knows the built-in broker's, Spring Kafka's and RabbitMQ's).
         */
        Optional<String> deadLetterOriginHeader();
    }
}
