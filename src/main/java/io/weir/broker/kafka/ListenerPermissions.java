package io.weir.broker.kafka;

import java.util.EnumSet;
import java.util.Set;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * What each of Weir's roles may do over the listener: the same as over the built-in broker's HTTP
 * API, so a user can do with a Kafka client exactly what they can do with curl. A viewer reads:
 * metadata, configs, offsets, groups, and records (Fetch without a group, as the console's message
 * browser shows them). An operator (and an admin, who includes it) also writes: produces, consumes
 * in a group (joining one moves partitions and commits offsets), creates and deletes topics and
 * groups, changes configs. An API not named here needs an operator, so one added later is never
 * open to viewers by accident.
 */
final class ListenerPermissions {

    private static final Set<ApiKeys> READ = EnumSet.of(ApiKeys.API_VERSIONS, ApiKeys.SASL_HANDSHAKE,
            ApiKeys.SASL_AUTHENTICATE, ApiKeys.METADATA, ApiKeys.LIST_OFFSETS, ApiKeys.FETCH, ApiKeys.FIND_COORDINATOR,
            ApiKeys.OFFSET_FETCH, ApiKeys.LIST_GROUPS, ApiKeys.DESCRIBE_GROUPS, ApiKeys.DESCRIBE_CONFIGS,
            ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_LOG_DIRS);
    /** Writes refused per group, answered GROUP_AUTHORIZATION_FAILED. */
    private static final Set<ApiKeys> GROUP_WRITES = EnumSet.of(ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP,
            ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.DELETE_GROUPS, ApiKeys.OFFSET_DELETE);
    /** Writes refused per topic, answered TOPIC_AUTHORIZATION_FAILED; every other write is CLUSTER_AUTHORIZATION_FAILED. */
    private static final Set<ApiKeys> TOPIC_WRITES = EnumSet.of(ApiKeys.PRODUCE, ApiKeys.CREATE_TOPICS,
            ApiKeys.DELETE_TOPICS, ApiKeys.CREATE_PARTITIONS, ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.ALTER_CONFIGS,
            ApiKeys.DELETE_RECORDS);

    static final String VIEWER = "viewer";
    static final String OPERATOR = "operator";

    private ListenerPermissions() {
    }

    /** Null when a user with {@code roles} may call {@code api}; otherwise the error to answer it with. */
    static ApiException refusal(ApiKeys api, Set<String> roles, String user) {
        boolean read = READ.contains(api);
        if (roles.contains(OPERATOR) || read && roles.contains(VIEWER)) {
            return null;
        }
        String message = "user '" + user + "' may not call " + api.name + ": "
                + (read ? "it needs the viewer role" : "it needs the operator role");
        if (GROUP_WRITES.contains(api)) {
            return new GroupAuthorizationException(message);
        }
        if (TOPIC_WRITES.contains(api)) {
            return new TopicAuthorizationException(message);
        }
        return new ClusterAuthorizationException(message);
    }
}
