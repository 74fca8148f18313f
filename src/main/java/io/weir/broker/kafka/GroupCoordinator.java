package io.weir.broker.kafka;

import io.weir.broker.Broker;
import io.weir.broker.DeliveryMode;
import io.weir.broker.GroupDescription;
import io.weir.broker.UnknownTopicException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.message.FindCoordinatorResponseData.Coordinator;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeGroupsRequest;
import org.apache.kafka.common.requests.FindCoordinatorRequest;
import org.apache.kafka.common.requests.HeartbeatRequest;
import org.apache.kafka.common.requests.JoinGroupRequest;
import org.apache.kafka.common.requests.LeaveGroupRequest;
import org.apache.kafka.common.requests.ListGroupsRequest;
import org.apache.kafka.common.requests.SyncGroupRequest;

/**
 * The group coordinator of the one-node cluster: FindCoordinator (always node 0, for groups;
 * transactions are refused), the classic group protocol's JoinGroup, SyncGroup, Heartbeat and
 * LeaveGroup ({@link ClassicGroup}, in memory: a restart makes consumers rejoin, as a coordinator
 * failover does), and ListGroups and DescribeGroups, which also show the broker's ordered groups
 * without Kafka members (state Empty), since committed offsets live there ({@link GroupOffsets}).
 */
final class GroupCoordinator {

    private final Broker broker;
    private final Advertised advertised;
    private final ScheduledExecutorService timer;
    private final Map<String, ClassicGroup> groups = new ConcurrentHashMap<>();

    GroupCoordinator(Broker broker, Advertised advertised, ScheduledExecutorService timer) {
        this.broker = broker;
        this.advertised = advertised;
        this.timer = timer;
        timer.scheduleWithFixedDelay(this::expireSessions, 500, 500, TimeUnit.MILLISECONDS);
    }

    FindCoordinatorResponseData findCoordinator(FindCoordinatorRequest request, short version) {
        byte keyType = request.data().keyType();
        Errors error = keyType == FindCoordinatorRequest.CoordinatorType.GROUP.id() ? Errors.NONE
                : Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED; // transactions (and share groups) are not offered
        String host = advertised.host();
        int port = advertised.port().getAsInt();
        if (version < 4) {
            FindCoordinatorResponseData answer = new FindCoordinatorResponseData().setErrorCode(error.code());
            return error == Errors.NONE ? answer.setNodeId(Advertised.NODE_ID).setHost(host).setPort(port)
                    : answer.setNodeId(-1).setHost("").setPort(-1).setErrorMessage(error.message());
        }
        FindCoordinatorResponseData answer = new FindCoordinatorResponseData();
        for (String key : request.data().coordinatorKeys()) {
            Coordinator c = new Coordinator().setKey(key).setErrorCode(error.code());
            answer.coordinators().add(error == Errors.NONE ? c.setNodeId(Advertised.NODE_ID).setHost(host).setPort(port)
                    : c.setNodeId(-1).setHost("").setPort(-1).setErrorMessage(error.message()));
        }
        return answer;
    }

    CompletableFuture<JoinGroupResponseData> join(JoinGroupRequest request, String clientId, String clientHost) {
        String id = request.data().groupId();
        if (id == null || id.isEmpty()) {
            return CompletableFuture.completedFuture(new JoinGroupResponseData()
                    .setErrorCode(Errors.INVALID_GROUP_ID.code()).setGenerationId(-1).setLeader("").setProtocolName("")
                    .setMemberId(request.data().memberId()));
        }
        return group(id).join(request.data(), clientId, clientHost);
    }

    CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequest request) {
        ClassicGroup group = groups.get(request.data().groupId());
        if (group == null) {
            return CompletableFuture.completedFuture(
                    new SyncGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        }
        return group.sync(request.data());
    }

    HeartbeatResponseData heartbeat(HeartbeatRequest request) {
        ClassicGroup group = groups.get(request.data().groupId());
        Errors error = group == null ? Errors.UNKNOWN_MEMBER_ID
                : group.heartbeat(request.data().memberId(), request.data().generationId());
        return new HeartbeatResponseData().setErrorCode(error.code());
    }

    LeaveGroupResponseData leave(LeaveGroupRequest request, short version) {
        ClassicGroup group = groups.get(request.data().groupId());
        if (version < 3) {
            Errors error = group == null ? Errors.UNKNOWN_MEMBER_ID : group.leave(request.data().memberId());
            return new LeaveGroupResponseData().setErrorCode(error.code());
        }
        LeaveGroupResponseData answer = new LeaveGroupResponseData();
        for (MemberIdentity member : request.data().members()) {
            Errors error = group == null ? Errors.UNKNOWN_MEMBER_ID : group.leave(member.memberId());
            answer.members().add(new MemberResponse().setMemberId(member.memberId())
                    .setGroupInstanceId(member.groupInstanceId()).setErrorCode(error.code()));
        }
        return answer;
    }

    ListGroupsResponseData list(ListGroupsRequest request) {
        List<String> states = request.data().statesFilter();
        ListGroupsResponseData answer = new ListGroupsResponseData();
        for (String id : allGroupIds()) {
            String state = Optional.ofNullable(groups.get(id)).map(g -> g.state().kafkaName).orElse("Empty");
            if (states.isEmpty() || states.stream().anyMatch(s -> s.equalsIgnoreCase(state))) {
                answer.groups().add(new ListedGroup().setGroupId(id).setProtocolType("consumer").setGroupState(state)
                        .setGroupType("classic"));
            }
        }
        return answer;
    }

    DescribeGroupsResponseData describe(DescribeGroupsRequest request, short version) {
        DescribeGroupsResponseData answer = new DescribeGroupsResponseData();
        TreeSet<String> known = allGroupIds();
        for (String id : request.data().groups()) {
            ClassicGroup group = groups.get(id);
            if (group != null) {
                answer.groups().add(group.describe());
            } else if (known.contains(id)) {
                answer.groups().add(new DescribedGroup().setGroupId(id).setGroupState("Empty")
                        .setProtocolType("consumer").setProtocolData(""));
            } else {
                answer.groups().add(new DescribedGroup().setGroupId(id).setGroupState("Dead").setProtocolType("")
                        .setProtocolData("")
                        .setErrorCode(version >= 6 ? Errors.GROUP_ID_NOT_FOUND.code() : Errors.NONE.code()));
            }
        }
        return answer;
    }

    /** The group's membership, if Kafka consumers are in it; for OffsetCommit's generation check. */
    Optional<ClassicGroup> find(String id) {
        return Optional.ofNullable(groups.get(id));
    }

    /** Drops the group's in-memory membership if it has no members (after DeleteGroups). */
    void forgetIfEmpty(String id) {
        groups.computeIfPresent(id, (key, group) -> group.state() == ClassicGroup.State.EMPTY ? null : group);
    }

    /** Whether ListGroups would name the group: it has Kafka members or is an ordered group of the broker. */
    boolean exists(String id) {
        return allGroupIds().contains(id);
    }

    private ClassicGroup group(String id) {
        return groups.computeIfAbsent(id, g -> new ClassicGroup(g, timer));
    }

    /** Kafka groups with members, and every ordered group of the broker (all are Kafka groups to a client). */
    private TreeSet<String> allGroupIds() {
        TreeSet<String> ids = new TreeSet<>(groups.keySet());
        for (String topic : broker.topics()) {
            try {
                for (GroupDescription g : broker.groups(topic)) {
                    if (g.config().mode() == DeliveryMode.ORDERED) {
                        ids.add(g.group());
                    }
                }
            } catch (UnknownTopicException e) {
                // deleted meanwhile
            }
        }
        return ids;
    }

    private void expireSessions() {
        groups.forEach((id, group) -> {
            if (group.expireSessions()) {
                groups.remove(id, group); // empty: its offsets stay in the broker
            }
        });
    }
}
