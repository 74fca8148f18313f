package io.weir.broker;

import io.weir.broker.log.FlushPolicy;
import io.weir.broker.log.LogConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Topic and group settings as small Java properties files ({@code topic.properties},
 * {@code group.properties}), human-readable, written with {@link AtomicFile} so a crash leaves the
 * old or the new file. Durations are ISO-8601 ({@code PT10M}); an empty {@code retentionTime}
 * means keep forever. The file is written last when a topic or group is created, so a directory
 * without it is a creation that did not finish.
 */
final class MetadataFile {

    static final String TOPIC = "topic.properties";
    static final String GROUP = "group.properties";

    private MetadataFile() {
    }

    static void writeTopic(Path dir, TopicConfig c) throws IOException {
        Properties p = new Properties();
        p.setProperty("partitions", Integer.toString(c.partitions()));
        p.setProperty("log.segmentBytes", Long.toString(c.log().segmentBytes()));
        p.setProperty("log.maxRecordBytes", Integer.toString(c.log().maxRecordBytes()));
        p.setProperty("log.indexIntervalBytes", Integer.toString(c.log().indexIntervalBytes()));
        p.setProperty("log.flushPolicy", c.log().flushPolicy().name());
        p.setProperty("log.groupCommitMaxDelay", c.log().groupCommitMaxDelay().toString());
        p.setProperty("log.groupCommitMaxBytes", Long.toString(c.log().groupCommitMaxBytes()));
        p.setProperty("retentionTime", c.retentionTime() == null ? "" : c.retentionTime().toString());
        p.setProperty("retentionBytes", Long.toString(c.retentionBytes()));
        p.setProperty("maxMessages", Long.toString(c.maxMessages()));
        p.setProperty("maxBytes", Long.toString(c.maxBytes()));
        p.setProperty("backlogPolicy", c.backlogPolicy().name());
        p.setProperty("blockTimeout", c.blockTimeout().toString());
        p.setProperty("dedupMaxIds", Integer.toString(c.dedupMaxIds()));
        p.setProperty("dedupWindow", c.dedupWindow().toString());
        write(dir.resolve(TOPIC), p, "Weir topic");
    }

    static TopicConfig readTopic(Path dir) throws IOException {
        Properties p = read(dir.resolve(TOPIC));
        LogConfig log = new LogConfig(longOf(p, "log.segmentBytes"), (int) longOf(p, "log.maxRecordBytes"),
                (int) longOf(p, "log.indexIntervalBytes"), FlushPolicy.valueOf(p.getProperty("log.flushPolicy")),
                Duration.parse(p.getProperty("log.groupCommitMaxDelay")), longOf(p, "log.groupCommitMaxBytes"));
        String retention = p.getProperty("retentionTime", "");
        return new TopicConfig((int) longOf(p, "partitions"), log,
                retention.isEmpty() ? null : Duration.parse(retention), longOf(p, "retentionBytes"),
                longOf(p, "maxMessages"), longOf(p, "maxBytes"), BacklogPolicy.valueOf(p.getProperty("backlogPolicy")),
                Duration.parse(p.getProperty("blockTimeout")), (int) longOf(p, "dedupMaxIds"),
                Duration.parse(p.getProperty("dedupWindow")));
    }

    static void writeGroup(Path dir, GroupConfig c) throws IOException {
        Properties p = new Properties();
        p.setProperty("mode", c.mode().name());
        p.setProperty("visibilityTimeout", c.visibilityTimeout().toString());
        p.setProperty("maxAttempts", Integer.toString(c.maxAttempts()));
        p.setProperty("sessionTimeout", c.sessionTimeout().toString());
        write(dir.resolve(GROUP), p, "Weir consumer group");
    }

    static GroupConfig readGroup(Path dir) throws IOException {
        Properties p = read(dir.resolve(GROUP));
        return new GroupConfig(DeliveryMode.valueOf(p.getProperty("mode")),
                Duration.parse(p.getProperty("visibilityTimeout")), (int) longOf(p, "maxAttempts"),
                Duration.parse(p.getProperty("sessionTimeout")));
    }

    private static void write(Path file, Properties p, String comment) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.store(out, comment);
        AtomicFile.write(file, out.toByteArray());
    }

    private static Properties read(Path file) throws IOException {
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.ISO_8859_1)));
        return p;
    }

    private static long longOf(Properties p, String key) throws IOException {
        String value = p.getProperty(key);
        if (value == null) {
            throw new IOException("missing " + key);
        }
        return Long.parseLong(value.trim());
    }
}
