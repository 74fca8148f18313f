package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.ApiVersionsResponseData.ApiVersion;
import org.apache.kafka.common.message.DescribeAclsRequestData;
import org.apache.kafka.common.message.DescribeAclsResponseData;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the listener does not offer is answered with the protocol's error, and the connection stays usable. */
class UnsupportedRequestsTest extends ListenerTestCase {


    @BeforeEach
    void createTopics() throws Exception {
        weir.createTopic("t", 1);
    }


    @Test
    void apiVersionsAdvertisesExactlyTheImplementedApis() throws Exception {
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            ApiVersionsResponseData answer = kafka.send(ApiKeys.API_VERSIONS, (short) 3,
                    new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"));
            assertThat(answer.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(answer.apiKeys()).extracting(v -> ApiKeys.forId(v.apiKey())).containsExactlyInAnyOrder(
                    ApiKeys.API_VERSIONS, ApiKeys.METADATA, ApiKeys.PRODUCE, ApiKeys.FETCH, ApiKeys.LIST_OFFSETS,
                    ApiKeys.INIT_PRODUCER_ID, ApiKeys.FIND_COORDINATOR, ApiKeys.JOIN_GROUP, ApiKeys.SYNC_GROUP,
                    ApiKeys.HEARTBEAT, ApiKeys.LEAVE_GROUP, ApiKeys.OFFSET_COMMIT, ApiKeys.OFFSET_FETCH,
                    ApiKeys.LIST_GROUPS, ApiKeys.DESCRIBE_GROUPS, ApiKeys.CREATE_TOPICS, ApiKeys.DELETE_TOPICS,
                    ApiKeys.DESCRIBE_CONFIGS, ApiKeys.DESCRIBE_CLUSTER, ApiKeys.DESCRIBE_LOG_DIRS,
                    ApiKeys.CREATE_PARTITIONS, ApiKeys.INCREMENTAL_ALTER_CONFIGS, ApiKeys.DELETE_GROUPS,
                    ApiKeys.OFFSET_DELETE, ApiKeys.SASL_HANDSHAKE, ApiKeys.SASL_AUTHENTICATE);
            ApiVersion produce = answer.apiKeys().find(ApiKeys.PRODUCE.id);
            assertThat(produce.maxVersion()).isEqualTo((short) 12);
            assertThat(answer.apiKeys().find(ApiKeys.DESCRIBE_ACLS.id)).isNull();
        }
    }

    @Test
    void anApiWeirDoesNotOfferGetsItsErrorResponseAndTheConnectionStaysOpen() throws Exception {
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            DescribeAclsResponseData acls = kafka.send(ApiKeys.DESCRIBE_ACLS, (short) 3,
                    new DescribeAclsRequestData().setResourceTypeFilter((byte) 1).setPatternTypeFilter((byte) 1)
                            .setOperation((byte) 1).setPermissionType((byte) 1));
            assertThat(acls.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(apiVersions(kafka).errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    @Test
    void aVersionBeyondTheAdvertisedRangeIsAnsweredUnsupported() throws Exception {
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            ListOffsetsResponseData offsets = kafka.send(ApiKeys.LIST_OFFSETS, (short) 8, new ListOffsetsRequestData()
                    .setReplicaId(-1).setTopics(List.of(new ListOffsetsTopic().setName("t")
                            .setPartitions(List.of(new ListOffsetsPartition().setPartitionIndex(0).setTimestamp(-1))))));
            assertThat(offsets.topics().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(apiVersions(kafka).errorCode()).isEqualTo(Errors.NONE.code());
        }
    }

    private static ApiVersionsResponseData apiVersions(RawKafka kafka) throws Exception {
        return kafka.send(ApiKeys.API_VERSIONS, (short) 3,
                new ApiVersionsRequestData().setClientSoftwareName("raw").setClientSoftwareVersion("1"));
    }
}
