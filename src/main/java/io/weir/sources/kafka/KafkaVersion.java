package io.weir.sources.kafka;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.SupportedVersionRange;

/**
 * Kafka brokers do not report their software version over the admin API. The closest signal is
 * the {@code metadata.version} feature: the highest level the brokers support tells the release
 * of the oldest broker binary in the cluster, and the finalized level tells the features in use.
 */
final class KafkaVersion {

    private static final String METADATA_VERSION = "metadata.version";

    /** First {@code metadata.version} level of each release, and the IV number that level has. */
    private static final NavigableMap<Integer, String> RELEASE_BY_FIRST_LEVEL = new TreeMap<>(Map.ofEntries(
            Map.entry(7, "3.3"), Map.entry(8, "3.4"), Map.entry(9, "3.5"), Map.entry(12, "3.6"),
            Map.entry(15, "3.7"), Map.entry(20, "3.8"), Map.entry(21, "3.9"), Map.entry(22, "4.0"),
            Map.entry(26, "4.1"), Map.entry(28, "4.2"), Map.entry(30, "4.3"), Map.entry(31, "4.4"),
            Map.entry(34, "4.5")));

    private KafkaVersion() {
    }

    /** For example {@code "4.3 (metadata.version 4.3-IV0)"}, or {@code "unknown"}. */
    static String describe(FeatureMetadata features) {
        SupportedVersionRange supported = features.supportedFeatures().get(METADATA_VERSION);
        var finalized = features.finalizedFeatures().get(METADATA_VERSION);
        if (supported == null) {
            return "unknown";
        }
        String release = release(supported.maxVersion());
        if (finalized == null) {
            return release;
        }
        return release + " (metadata.version " + levelName(finalized.maxVersionLevel()) + ")";
    }

    static String release(int level) {
        var entry = RELEASE_BY_FIRST_LEVEL.floorEntry(level);
        if (entry == null) {
            return "before 3.3";
        }
        return level > RELEASE_BY_FIRST_LEVEL.lastKey() ? "newer than " + entry.getValue() : entry.getValue();
    }

    static String levelName(int level) {
        var entry = RELEASE_BY_FIRST_LEVEL.floorEntry(level);
        if (entry == null || level > RELEASE_BY_FIRST_LEVEL.lastKey()) {
            return "level " + level;
        }
        // 3.3 starts at IV3: levels 1-6 were pre-production 3.0-3.3 versions.
        int firstIv = entry.getKey() == 7 ? 3 : 0;
        return entry.getValue() + "-IV" + (firstIv + level - entry.getKey());
    }
}
