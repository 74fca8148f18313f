package io.weir.broker.kafka;

import io.weir.broker.Broker;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.apache.kafka.common.requests.FetchRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.apache.kafka.common.requests.RequestHeader;
import org.jboss.logging.Logger;

/**
 * Turns one request frame into its response frame: parses the header and body with
 * kafka-clients' generated classes, hands the request to the API that serves it and serializes
 * the answer. Everything a client may legitimately send gets an answer; APIs and versions outside
 * {@link SupportedApis} get the API's own error response with {@code UNSUPPORTED_VERSION} and one
 * log line. Only a frame that cannot be parsed at all (an unknown API key, a version kafka-clients
 * does not know, garbage) fails, and the connection closes, as a Kafka broker does. The
 * connection's {@link SaslSession} admits each request (authentication) and may refuse it
 * (authorization) before it is dispatched.
 */
final class KafkaApis {

    private static final Logger LOG = Logger.getLogger(KafkaApis.class);

    private final TopicApis topics;
    private final ProduceApi produce;
    private final FetchApi fetch;
    private final ProducerIds producerIds;
    private final GroupCoordinator groups;
    private final GroupOffsets offsets;

    private final TopicAdminApis admin;
    private final TopicConfigApis configs;
    private final GroupAdminApis groupAdmin;

    KafkaApis(Broker broker, Advertised advertised, FetchWaiters waiters, ScheduledExecutorService timer,
            TopicConfig newTopics, GroupConfig newGroups) {
        this.producerIds = new ProducerIds();
        this.topics = new TopicApis(broker, advertised);
        this.produce = new ProduceApi(broker, producerIds);
        this.fetch = new FetchApi(broker, waiters);
        this.groups = new GroupCoordinator(broker, advertised, timer);
        this.offsets = new GroupOffsets(broker, groups, newGroups);
        this.admin = new TopicAdminApis(broker, advertised, newTopics);
        this.configs = new TopicConfigApis(broker, newTopics);
        this.groupAdmin = new GroupAdminApis(broker, groups);
    }

    /** Thrown for a frame that has no valid answer; the connection is closed. */
    static final class UnanswerableRequestException extends RuntimeException {
        UnanswerableRequestException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The response frame (with its size prefix) for {@code frame}, or null when the request wants
     * none (Produce with acks=0). May block on the broker (a produce waits for its flush); long
     * polls complete later without holding the calling thread.
     *
     * @throws UnanswerableRequestException if the frame cannot be parsed
     * @throws SaslSession.UnauthenticatedRequestException if the connection may not send it
     */
    CompletableFuture<ByteBuffer> handle(ByteBuffer frame, String peer, SaslSession session) {
        if (session.awaitsLegacyToken()) {
            return CompletableFuture.completedFuture(session.legacyToken(frame, peer));
        }
        RequestHeader header;
        try {
            header = RequestHeader.parse(frame);
        } catch (RuntimeException e) {
            throw new UnanswerableRequestException("unparseable request header from " + peer, e);
        }
        ApiKeys api = header.apiKey();
        short version = header.apiVersion();
        session.admit(api, peer);
        if (api == ApiKeys.API_VERSIONS && !SupportedApis.supports(api, version)) {
            // the protocol's fallback: a version-0 answer listing what this broker supports
            LOG.infof("%s asked for ApiVersions v%d; answering v0 with UNSUPPORTED_VERSION", peer, version);
            return CompletableFuture.completedFuture(
                    serialize(header, SupportedApis.response(Errors.UNSUPPORTED_VERSION), (short) 0));
        }
        AbstractRequest request;
        try {
            request = AbstractRequest.parseRequest(api, version, new ByteBufferAccessor(frame)).request;
        } catch (RuntimeException e) {
            throw new UnanswerableRequestException(
                    "unparseable " + api + " v" + version + " request from " + peer, e);
        }
        if (!SupportedApis.supports(api, version)) {
            LOG.infof("%s sent %s v%d, which Weir's Kafka listener does not support; answering UNSUPPORTED_VERSION",
                    peer, api, version);
            ApiMessage error = request.getErrorResponse(0, new UnsupportedVersionException(
                    api + " v" + version + " is not supported by Weir")).data();
            return CompletableFuture.completedFuture(serialize(header, error, version));
        }
        ApiMessage refused = session.refusal(request, api, peer);
        if (refused != null) {
            return CompletableFuture.completedFuture(serialize(header, refused, version));
        }
        CompletableFuture<? extends ApiMessage> answer;
        try {
            answer = dispatch(request, header, peer, session);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((message, failure) -> {
            if (failure != null) {
                LOG.errorf(failure, "%s v%d from %s failed", api, version, peer);
                return serialize(header, request.getErrorResponse(0, failure).data(), version);
            }
            return message == null ? null : serialize(header, message, version);
        });
    }

    private CompletableFuture<? extends ApiMessage> dispatch(AbstractRequest request, RequestHeader header,
            String peer, SaslSession session) {
        short version = header.apiVersion();
        return switch (header.apiKey()) {
            case API_VERSIONS -> done(SupportedApis.response(Errors.NONE));
            case METADATA -> done(topics.metadata((MetadataRequest) request));
            case LIST_OFFSETS -> done(topics.listOffsets((ListOffsetsRequest) request));
            case PRODUCE -> done(produce.produce((ProduceRequest) request));
            case FETCH -> fetch.fetch((FetchRequest) request);
            case INIT_PRODUCER_ID -> done(producerIds.initProducerId((InitProducerIdRequest) request));
            case FIND_COORDINATOR -> done(groups.findCoordinator((FindCoordinatorRequest) request, version));
            case JOIN_GROUP -> groups.join((JoinGroupRequest) request, header.clientId(), peer);
            case SYNC_GROUP -> groups.sync((SyncGroupRequest) request);
            case HEARTBEAT -> done(groups.heartbeat((HeartbeatRequest) request));
            case LEAVE_GROUP -> done(groups.leave((LeaveGroupRequest) request, version));
            case OFFSET_COMMIT -> done(offsets.commit((OffsetCommitRequest) request));
            case OFFSET_FETCH -> done(offsets.fetch((OffsetFetchRequest) request, version));
            case LIST_GROUPS -> done(groups.list((ListGroupsRequest) request));
            case DESCRIBE_GROUPS -> done(groups.describe((DescribeGroupsRequest) request, version));
            case CREATE_TOPICS -> done(admin.createTopics((CreateTopicsRequest) request));
            case DELETE_TOPICS -> done(admin.deleteTopics((DeleteTopicsRequest) request, version));
            case CREATE_PARTITIONS -> done(admin.createPartitions((CreatePartitionsRequest) request));
            case DESCRIBE_CONFIGS -> done(configs.describeConfigs((DescribeConfigsRequest) request));
            case INCREMENTAL_ALTER_CONFIGS -> done(configs.incrementalAlterConfigs((IncrementalAlterConfigsRequest) request));
            case DELETE_GROUPS -> done(groupAdmin.deleteGroups((DeleteGroupsRequest) request));
            case OFFSET_DELETE -> done(groupAdmin.offsetDelete((OffsetDeleteRequest) request));
            case DESCRIBE_CLUSTER -> done(admin.describeCluster());
            case DESCRIBE_LOG_DIRS -> done(admin.describeLogDirs((DescribeLogDirsRequest) request));
            case SASL_HANDSHAKE -> done(session.handshake((SaslHandshakeRequest) request, version, peer));
            case SASL_AUTHENTICATE -> done(session.authenticate((SaslAuthenticateRequest) request, peer));
            default -> throw new IllegalStateException("no handler for " + header.apiKey());
        };
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** The response frame: size prefix, response header, body. */
    static ByteBuffer serialize(RequestHeader request, ApiMessage body, short version) {
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(request.correlationId());
        return frame(header, request.apiKey().responseHeaderVersion(version), body, version);
    }

    /** Size prefix, header, body: a request or response frame. */
    static ByteBuffer frame(Message header, short headerVersion, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buffer = ByteBuffer.allocate(4 + size);
        buffer.putInt(size);
        ByteBufferAccessor out = new ByteBufferAccessor(buffer);
        header.write(out, cache, headerVersion);
        body.write(out, cache, version);
        buffer.flip();
        return buffer;
    }
}
