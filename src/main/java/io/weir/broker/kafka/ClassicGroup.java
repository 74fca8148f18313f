package io.weir.broker.kafka;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.internals.ConsumerProtocol;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * One consumer group of the classic Kafka group protocol, in memory: members join, the group
 * waits until every known member has (re)joined or the longest rebalance timeout passed, picks a
 * protocol (assignor) every member offers, and hands the leader all members' metadata; the
 * leader's SyncGroup assignment is relayed to each member unread. Members that stop
 * heartbeating for their session timeout are removed and the rest rebalance. Static membership
 * ({@code group.instance.id}) is treated as dynamic. Thread-safe (every method locks the group);
 * parked joins and syncs are futures, so no thread waits.
 */
final class ClassicGroup {

    enum State {
        EMPTY("Empty"), PREPARING_REBALANCE("PreparingRebalance"), COMPLETING_REBALANCE("CompletingRebalance"),
        STABLE("Stable");

        final String kafkaName;

        State(String kafkaName) {
            this.kafkaName = kafkaName;
        }
    }

    private static final class Member {
        final String id;
        String clientId;
        String clientHost;
        int sessionTimeoutMs;
        int rebalanceTimeoutMs;
        List<JoinGroupRequestProtocol> protocols = List.of();
        byte[] assignment = new byte[0];
        CompletableFuture<JoinGroupResponseData> join;
        CompletableFuture<SyncGroupResponseData> sync;
        long lastSeenNanos = System.nanoTime();

        Member(String id) {
            this.id = id;
        }

        byte[] metadata(String protocol) {
            return protocols.stream().filter(p -> p.name().equals(protocol)).findFirst()
                    .map(JoinGroupRequestProtocol::metadata).orElse(new byte[0]);
        }
    }

    private final String id;
    private final ScheduledExecutorService timer;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private State state = State.EMPTY;
    private int generation;
    private String protocolType;
    private String protocolName;
    private String leader;
    private ScheduledFuture<?> rebalanceDeadline;

    ClassicGroup(String id, ScheduledExecutorService timer) {
        this.id = id;
        this.timer = timer;
    }

    synchronized CompletableFuture<JoinGroupResponseData> join(JoinGroupRequestData request, String clientId,
            String clientHost) {
        if (!members.isEmpty() && protocolType != null && !protocolType.equals(request.protocolType())) {
            return failedJoin(request.memberId(), Errors.INCONSISTENT_GROUP_PROTOCOL);
        }
        String memberId = request.memberId();
        if (!memberId.isEmpty() && !members.containsKey(memberId)) {
            return failedJoin(memberId, Errors.UNKNOWN_MEMBER_ID);
        }
        if (memberId.isEmpty()) {
            memberId = clientId + "-" + UUID.randomUUID();
        }
        Member member = members.computeIfAbsent(memberId, Member::new);
        member.clientId = clientId;
        member.clientHost = clientHost;
        member.sessionTimeoutMs = request.sessionTimeoutMs();
        member.rebalanceTimeoutMs = request.rebalanceTimeoutMs() > 0 ? request.rebalanceTimeoutMs() : request.sessionTimeoutMs();
        member.protocols = new ArrayList<>(request.protocols());
        member.lastSeenNanos = System.nanoTime();
        if (member.join != null) {
            member.join.complete(joinError(memberId, Errors.REBALANCE_IN_PROGRESS)); // superseded by this join
        }
        member.join = new CompletableFuture<>();
        protocolType = request.protocolType();
        CompletableFuture<JoinGroupResponseData> answer = member.join;
        if (state != State.PREPARING_REBALANCE) {
            prepareRebalance();
        }
        completeJoinIfAllJoined();
        return answer;
    }

    synchronized CompletableFuture<SyncGroupResponseData> sync(SyncGroupRequestData request) {
        Member member = members.get(request.memberId());
        if (member == null) {
            return done(new SyncGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        }
        if (request.generationId() != generation) {
            return done(new SyncGroupResponseData().setErrorCode(Errors.ILLEGAL_GENERATION.code()));
        }
        member.lastSeenNanos = System.nanoTime();
        if (state == State.PREPARING_REBALANCE) {
            return done(new SyncGroupResponseData().setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
        }
        if (state == State.STABLE) {
            return done(syncAnswer(member));
        }
        member.sync = new CompletableFuture<>();
        CompletableFuture<SyncGroupResponseData> answer = member.sync;
        if (member.id.equals(leader)) {
            for (Member m : members.values()) {
                m.assignment = new byte[0];
            }
            for (SyncGroupRequestAssignment a : request.assignments()) {
                Member assigned = members.get(a.memberId());
                if (assigned != null) {
                    assigned.assignment = a.assignment();
                }
            }
            state = State.STABLE;
            for (Member m : members.values()) {
                if (m.sync != null) {
                    m.sync.complete(syncAnswer(m));
                    m.sync = null;
                }
            }
        }
        return answer;
    }

    synchronized Errors heartbeat(String memberId, int generationId) {
        Member member = members.get(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        member.lastSeenNanos = System.nanoTime();
        if (generationId != generation) {
            return Errors.ILLEGAL_GENERATION;
        }
        return state == State.PREPARING_REBALANCE ? Errors.REBALANCE_IN_PROGRESS : Errors.NONE;
    }

    synchronized Errors leave(String memberId) {
        Member member = members.remove(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        dropped(member);
        return Errors.NONE;
    }

    /** Removes members whose session timed out; true if the group is empty now. */
    synchronized boolean expireSessions() {
        long now = System.nanoTime();
        List<Member> expired = members.values().stream()
                .filter(m -> m.join == null && now - m.lastSeenNanos > TimeUnit.MILLISECONDS.toNanos(m.sessionTimeoutMs))
                .toList();
        for (Member m : expired) {
            members.remove(m.id);
            dropped(m);
        }
        return members.isEmpty();
    }

    /**
     * Whether {@code memberId} of {@code generationId} may commit: a commit from outside the group
     * (no member ID, generation -1) only while the group has no members, as Kafka allows.
     */
    synchronized Errors checkCommit(String memberId, int generationId) {
        if (generationId < 0 && (memberId == null || memberId.isEmpty())) {
            return members.isEmpty() ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
        }
        return heartbeat(memberId, generationId); // a member's commit counts as a heartbeat, with the same checks
    }

    synchronized State state() {
        return state;
    }

    /**
     * The topics the members subscribe to, from the subscriptions in their join metadata (each
     * protocol a member offers carries the same one); none unless the protocol type is
     * {@code consumer}, whose metadata format is known. For OffsetDelete, which keeps the offsets
     * of topics a member consumes.
     */
    synchronized Set<String> subscribedTopics() {
        Set<String> topics = new TreeSet<>();
        if (!"consumer".equals(protocolType)) {
            return topics;
        }
        for (Member m : members.values()) {
            for (JoinGroupRequestProtocol protocol : m.protocols) {
                try {
                    topics.addAll(ConsumerProtocol.deserializeSubscription(ByteBuffer.wrap(protocol.metadata())).topics());
                } catch (RuntimeException e) {
                    // not a consumer subscription after all: nothing to learn from it
                }
            }
        }
        return topics;
    }

    synchronized DescribedGroup describe() {
        DescribedGroup described = new DescribedGroup().setGroupId(id).setGroupState(state.kafkaName)
                .setProtocolType(protocolType == null ? "consumer" : protocolType)
                .setProtocolData(state == State.STABLE || state == State.COMPLETING_REBALANCE ? protocolName : "");
        for (Member m : members.values()) {
            described.members().add(new DescribedGroupMember().setMemberId(m.id).setClientId(m.clientId)
                    .setClientHost(m.clientHost).setMemberMetadata(m.metadata(protocolName))
                    .setMemberAssignment(state == State.STABLE ? m.assignment : new byte[0]));
        }
        return described;
    }

    private void dropped(Member member) {
        if (member.join != null) {
            member.join.complete(joinError(member.id, Errors.UNKNOWN_MEMBER_ID));
        }
        if (member.sync != null) {
            member.sync.complete(new SyncGroupResponseData().setErrorCode(Errors.UNKNOWN_MEMBER_ID.code()));
        }
        if (members.isEmpty()) {
            cancelDeadline();
            state = State.EMPTY;
            generation++;
            leader = null;
            protocolName = null;
        } else if (state == State.PREPARING_REBALANCE) {
            completeJoinIfAllJoined();
        } else {
            prepareRebalance();
        }
    }

    private void prepareRebalance() {
        state = State.PREPARING_REBALANCE;
        for (Member m : members.values()) {
            if (m.sync != null) {
                m.sync.complete(new SyncGroupResponseData().setErrorCode(Errors.REBALANCE_IN_PROGRESS.code()));
                m.sync = null;
            }
        }
        int timeout = members.values().stream().mapToInt(m -> m.rebalanceTimeoutMs).max().orElse(0);
        cancelDeadline();
        rebalanceDeadline = timer.schedule(this::rebalanceTimedOut, Math.max(timeout, 1), TimeUnit.MILLISECONDS);
    }

    /** Members that did not rejoin in time are out; the others go on without them. */
    private synchronized void rebalanceTimedOut() {
        if (state != State.PREPARING_REBALANCE) {
            return;
        }
        members.values().removeIf(m -> m.join == null);
        if (members.isEmpty()) {
            state = State.EMPTY;
            generation++;
            return;
        }
        completeJoin();
    }

    private void completeJoinIfAllJoined() {
        if (!members.isEmpty() && members.values().stream().allMatch(m -> m.join != null)) {
            completeJoin();
        }
    }

    private void completeJoin() {
        cancelDeadline();
        String protocol = commonProtocol();
        if (protocol == null) {
            for (Member m : List.copyOf(members.values())) {
                m.join.complete(joinError(m.id, Errors.INCONSISTENT_GROUP_PROTOCOL));
                members.remove(m.id);
            }
            state = State.EMPTY;
            generation++;
            return;
        }
        generation++;
        protocolName = protocol;
        if (leader == null || !members.containsKey(leader)) {
            leader = members.keySet().iterator().next();
        }
        state = State.COMPLETING_REBALANCE;
        for (Member m : members.values()) {
            JoinGroupResponseData answer = new JoinGroupResponseData().setGenerationId(generation)
                    .setProtocolType(protocolType).setProtocolName(protocol).setLeader(leader).setMemberId(m.id);
            if (m.id.equals(leader)) {
                for (Member each : members.values()) {
                    answer.members().add(new JoinGroupResponseMember().setMemberId(each.id)
                            .setMetadata(each.metadata(protocol)));
                }
            }
            CompletableFuture<JoinGroupResponseData> join = m.join;
            m.join = null;
            m.lastSeenNanos = System.nanoTime();
            join.complete(answer);
        }
    }

    /** The first protocol of the first member's preference that every member offers. */
    private String commonProtocol() {
        for (JoinGroupRequestProtocol candidate : members.values().iterator().next().protocols) {
            boolean everyone = members.values().stream()
                    .allMatch(m -> m.protocols.stream().anyMatch(p -> p.name().equals(candidate.name())));
            if (everyone) {
                return candidate.name();
            }
        }
        return null;
    }

    private SyncGroupResponseData syncAnswer(Member member) {
        return new SyncGroupResponseData().setProtocolType(protocolType).setProtocolName(protocolName)
                .setAssignment(member.assignment);
    }

    private void cancelDeadline() {
        if (rebalanceDeadline != null) {
            rebalanceDeadline.cancel(false);
            rebalanceDeadline = null;
        }
    }

    private static JoinGroupResponseData joinError(String memberId, Errors error) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId).setGenerationId(-1)
                .setLeader("").setProtocolName("");
    }

    private static CompletableFuture<JoinGroupResponseData> failedJoin(String memberId, Errors error) {
        return done(joinError(memberId, error));
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
