package io.weir.sources.kafka;

import io.weir.core.BrokerSnapshot;
import io.weir.core.GroupSnapshot;
import io.weir.sources.BrokerSource;
import io.weir.sources.NextRecordTimestamps;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a Kafka cluster with one long-lived AdminClient, created on the first read. The client
 * reconnects by itself when brokers come back, so a source outlives broker restarts. The work is
 * split by resource: {@link KafkaClusterReader} (health), {@link KafkaTopicReader} (topics,
 * partitions, offsets) and {@link KafkaGroupReader} (consumer groups) share the client.
 */
public final class KafkaSource implements BrokerSource {

    private final SourceSettings settings;
    private final DeadLetterTopics deadLetters;
    private final NextRecordTimestamps nextRecords;
    private Admin admin;

    public KafkaSource(SourceSettings settings) {
        this.settings = settings;
        this.deadLetters = new DeadLetterTopics(settings.deadLetterPatterns());
        this.nextRecords = new NextRecordTimestamps(settings.name(), settings.lagTimestampReads(),
                new KafkaRecordTimestamps(settings));
    }

    @Override
    public SourceSettings settings() {
        return settings;
    }

    /**
     * Reads health, topics and groups in three rounds of calls. Calls that do not depend on each
     * other are all sent before the read waits for any answer, and every call covers all topics,
     * partitions or groups at once, so the read takes the same few round trips on any cluster size.
     * Lagging groups get the timestamps of their next messages already read; the ones missing are
     * read in the background, within the source's budget, for the next poll (see
     * {@link NextRecordTimestamps}).
     */
    @Override
    public BrokerSnapshot read() throws SourceUnavailableException, InterruptedException {
        ReadDeadline deadline = new ReadDeadline(settings);
        Admin client = admin();
        KafkaClusterReader cluster = new KafkaClusterReader(client, deadline);
        KafkaTopicReader topics = new KafkaTopicReader(client, deadline, deadLetters);
        KafkaGroupReader groups = new KafkaGroupReader(client, deadline);

        cluster.requestDescription();
        topics.requestNames();
        groups.requestGroupIds();

        topics.requestLayout();
        cluster.requestLogDirs();
        groups.requestCommits();

        TopicLayout layout = topics.layout();
        topics.requestOffsets(layout);
        LogDirUsage usage = cluster.logDirUsage();
        List<KafkaGroupReader.GroupCommits> commits = groups.commits();
        Map<TopicPartition, OffsetRange> offsets = topics.offsets();

        List<GroupSnapshot> groupSnapshots = nextRecords.fill(KafkaGroupReader.snapshots(commits, layout, offsets));
        return new BrokerSnapshot(cluster.health(layout, usage),
                topics.queues(layout, offsets, usage, KafkaGroupReader.consumersByTopic(commits)), groupSnapshots,
                layout.objectSettings());
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(clientProperties(settings, "weir-" + settings.name()));
        }
        return admin;
    }

    /**
     * What every client of the source shares: its own properties (SASL, TLS), the bootstrap
     * servers, timeouts no longer than the source's, and quick reconnects after a broker restart
     * (the poll interval sets the pace anyway).
     */
    static Properties clientProperties(SourceSettings settings, String clientId) {
        int timeoutMs = (int) settings.timeout().toMillis();
        Properties props = new Properties();
        props.putAll(settings.clientProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.address());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        props.put(CommonClientConfigs.RETRY_BACKOFF_MAX_MS_CONFIG, 1000);
        return props;
    }

    @Override
    public synchronized void close() {
        nextRecords.close();
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
