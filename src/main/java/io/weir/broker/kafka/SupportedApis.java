package io.weir.broker.kafka;

import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersionCollection;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * The APIs and versions the listener implements, which is exactly what ApiVersions advertises.
 * Each range starts at the oldest version the pinned kafka-clients can parse; upper bounds stop
 * below versions that name topics by ID only (Produce 13, Fetch 13, OffsetCommit and OffsetFetch
 * 10), which the broker has no use for.
 */
final class SupportedApis {

    private static final Map<ApiKeys, Short> MAX = new EnumMap<>(ApiKeys.class);

    static {
        MAX.put(ApiKeys.API_VERSIONS, ApiKeys.API_VERSIONS.latestVersion());
        MAX.put(ApiKeys.METADATA, ApiKeys.METADATA.latestVersion());
        MAX.put(ApiKeys.PRODUCE, (short) 12);
        MAX.put(ApiKeys.FETCH, (short) 12);
        // 7 and later add max-timestamp and tiered-storage specs, which the broker cannot answer
        MAX.put(ApiKeys.LIST_OFFSETS, (short) 6);
        MAX.put(ApiKeys.INIT_PRODUCER_ID, ApiKeys.INIT_PRODUCER_ID.latestVersion());
        MAX.put(ApiKeys.FIND_COORDINATOR, ApiKeys.FIND_COORDINATOR.latestVersion());
        MAX.put(ApiKeys.JOIN_GROUP, ApiKeys.JOIN_GROUP.latestVersion());
        MAX.put(ApiKeys.SYNC_GROUP, ApiKeys.SYNC_GROUP.latestVersion());
        MAX.put(ApiKeys.HEARTBEAT, ApiKeys.HEARTBEAT.latestVersion());
        MAX.put(ApiKeys.LEAVE_GROUP, ApiKeys.LEAVE_GROUP.latestVersion());
        MAX.put(ApiKeys.OFFSET_COMMIT, (short) 9);
        MAX.put(ApiKeys.OFFSET_FETCH, (short) 9);
        MAX.put(ApiKeys.LIST_GROUPS, ApiKeys.LIST_GROUPS.latestVersion());
        MAX.put(ApiKeys.DESCRIBE_GROUPS, ApiKeys.DESCRIBE_GROUPS.latestVersion());
        MAX.put(ApiKeys.CREATE_TOPICS, ApiKeys.CREATE_TOPICS.latestVersion());
        MAX.put(ApiKeys.DELETE_TOPICS, ApiKeys.DELETE_TOPICS.latestVersion());
        MAX.put(ApiKeys.DELETE_GROUPS, ApiKeys.DELETE_GROUPS.latestVersion());
        MAX.put(ApiKeys.OFFSET_DELETE, ApiKeys.OFFSET_DELETE.latestVersion());
        MAX.put(ApiKeys.CREATE_PARTITIONS, ApiKeys.CREATE_PARTITIONS.latestVersion());
        MAX.put(ApiKeys.DESCRIBE_CONFIGS, ApiKeys.DESCRIBE_CONFIGS.latestVersion());
        MAX.put(ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.INCREMENTAL_ALTER_CONFIGS.latestVersion());
        MAX.put(ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_CLUSTER.latestVersion());
        MAX.put(ApiKeys.DESCRIBE_LOG_DIRS, ApiKeys.DESCRIBE_LOG_DIRS.latestVersion());
        // advertised on every listener, as Kafka does; without SASL configured they answer ILLEGAL_SASL_STATE
        MAX.put(ApiKeys.SASL_HANDSHAKE, ApiKeys.SASL_HANDSHAKE.latestVersion());
        MAX.put(ApiKeys.SASL_AUTHENTICATE, ApiKeys.SASL_AUTHENTICATE.latestVersion());
    }

    private SupportedApis() {
    }

    static boolean supports(ApiKeys api, short version) {
        Short max = MAX.get(api);
        return max != null && version >= api.oldestVersion() && version <= max;
    }

    /** The ApiVersions answer, with {@code error} (none, or UNSUPPORTED_VERSION for a version-0 fallback). */
    static ApiVersionsResponseData response(Errors error) {
        ApiVersionCollection keys = new ApiVersionCollection();
        MAX.forEach((api, max) -> keys.add(new ApiVersion()
                .setApiKey(api.id).setMinVersion(api.oldestVersion()).setMaxVersion(max)));
        return new ApiVersionsResponseData().setErrorCode(error.code()).setApiKeys(keys);
    }
}
