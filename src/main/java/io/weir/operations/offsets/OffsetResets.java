package io.weir.operations.offsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.PartitionRef;
import io.weir.monitor.MonitorHistory;
import io.weir.monitor.MonitorMetrics;
import io.weir.monitor.history.Sample;
import io.weir.monitor.history.SeriesKey;
import io.weir.cluster.Leadership;
import io.weir.operations.Actor;
import io.weir.operations.OperationException;
import io.weir.operations.OperationException.Kind;
import io.weir.operations.audit.AuditEntry;
import io.weir.operations.audit.AuditLog;
import io.weir.operations.audit.AuditRecord;
import io.weir.operations.audit.AuditRecord.Result;
import io.weir.sources.GroupOffsets;
import io.weir.sources.GroupOffsets.GroupPosition;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceUnavailableException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Offset resets as Kafka's {@code kafka-consumer-groups --reset-offsets} does them: a plan is
 * computed and shown first ({@link #preview}, changes nothing), {@link #apply} computes it again
 * at that moment, refuses while the group has members or the source is read-only, commits, reads
 * the offsets back and compares them with the plan. Every preview and apply is audited with the
 * offsets before and after; {@link #undo} turns an applied reset back into a request that
 * restores the offsets it replaced (itself previewed and audited).
 *
 * <p>Blocking: each call talks to the broker and the database. Thread-safe.
 */
@ApplicationScoped
public class OffsetResets {

    /** A group without members that committed this recently may still be running (consumers using {@code assign()}). */
    static final Duration RECENT_COMMIT = Duration.ofMinutes(5);
    static final String PREVIEW = "offset-reset.preview";
    static final String APPLY = "offset-reset.apply";

    private final SourceRegistry sources;
    private final MonitorHistory history;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Leadership leadership;

    OffsetResets(SourceRegistry sources, MonitorHistory history, AuditLog audit, ObjectMapper json, Leadership leadership) {
        this.leadership = leadership;
        this.sources = sources;
        this.history = history;
        this.audit = audit;
        this.json = json;
    }

    /** Computes the plan and audits the preview; changes nothing. */
    public OffsetResetPlan preview(OffsetResetRequest request, Actor actor) throws OperationException {
        long start = System.nanoTime();
        try {
            OffsetResetPlan plan = plan(request);
            audit.append(new AuditRecord(actor, request.source(), object(request), PREVIEW, text(request),
                    text(current(plan)), null, Result.OK, summary(plan), since(start), null));
            return plan;
        } catch (OperationException e) {
            audit.append(new AuditRecord(actor, request.source(), object(request), PREVIEW, text(request), null, null,
                    e.kind() == Kind.UNAVAILABLE ? Result.FAILED : Result.REFUSED, e.getMessage(), since(start), null));
            throw e;
        }
    }

    /**
     * Plans again, then applies: refused ({@link Kind#REFUSED}) while the plan has a refusal, and
     * {@link Kind#UNAVAILABLE} on a replica that is not the leader (only the leader changes brokers).
     * The result names every partition whose offset read back differs from the plan.
     */
    public OffsetResetResult apply(OffsetResetRequest request, Actor actor) throws OperationException {
        long start = System.nanoTime();
        OffsetResetPlan plan;
        try {
            plan = plan(request);
        } catch (OperationException e) {
            audit.append(new AuditRecord(actor, request.source(), object(request), APPLY, text(request), null, null,
                    e.kind() == Kind.UNAVAILABLE ? Result.FAILED : Result.REFUSED, e.getMessage(), since(start), null));
            throw e;
        }
        String before = text(current(plan));
        if (plan.refusal() != null) {
            audit.append(new AuditRecord(actor, request.source(), object(request), APPLY, text(request), before, null,
                    Result.REFUSED, plan.refusal(), since(start), null));
            throw new OperationException(Kind.REFUSED, plan.refusal());
        }
        String refusal = leadership.followerRefusal("offset resets").orElse(null);
        if (refusal != null) {
            audit.append(new AuditRecord(actor, request.source(), object(request), APPLY, text(request), before, null,
                    Result.REFUSED, refusal, since(start), null));
            throw new OperationException(Kind.UNAVAILABLE, refusal);
        }
        GroupOffsets offsets = offsets(request.source());
        Map<PartitionRef, Long> commits = new TreeMap<>();
        plan.partitions().stream().filter(OffsetResetPlan.PartitionPlan::changes)
                .forEach(p -> commits.put(p.partition(), p.next()));
        Map<PartitionRef, Long> readBack;
        try {
            if (!commits.isEmpty()) {
                offsets.commit(request.group(), commits);
            }
            readBack = committed(offsets.describe(request.group(), topics(plan)));
        } catch (SourceUnavailableException e) {
            audit.append(new AuditRecord(actor, request.source(), object(request), APPLY, text(request), before, null,
                    Result.FAILED, e.getMessage(), since(start), null));
            throw new OperationException(Kind.UNAVAILABLE, e.getMessage(), e);
        }
        List<String> mismatches = new ArrayList<>();
        for (OffsetResetPlan.PartitionPlan partition : plan.partitions()) {
            Long actual = readBack.get(partition.partition());
            boolean expectedNone = partition.current() == null && !partition.changes();
            if (!expectedNone && (actual == null || actual != partition.next())) {
                mismatches.add(partition.partition() + ": planned " + partition.next() + ", read back "
                        + (actual == null ? "no commit" : actual));
            }
        }
        Map<PartitionRef, Long> after = new TreeMap<>(readBack);
        after.keySet().retainAll(plan.partitions().stream().map(OffsetResetPlan.PartitionPlan::partition).toList());
        String message = mismatches.isEmpty() ? commits.size() + " partition(s) moved, read back as planned"
                : "read back differs from the plan: " + String.join("; ", mismatches);
        AuditEntry entry = audit.append(new AuditRecord(actor, request.source(), object(request), APPLY, text(request),
                before, text(after), mismatches.isEmpty() ? Result.OK : Result.FAILED, message, since(start), null));
        return new OffsetResetResult(plan, after, mismatches, entry.id);
    }

    /**
     * A request that puts back the offsets an applied reset replaced (audit entry {@code auditId}).
     * Partitions that had no commit before cannot lose their commit again; they are left as they are.
     */
    public OffsetResetRequest undo(long auditId) throws OperationException {
        AuditEntry entry = audit.get(auditId);
        if (entry == null || !entry.action.equals(APPLY) || entry.before == null || entry.after == null) {
            throw new OperationException(Kind.NOT_FOUND, "audit entry " + auditId + " is not an applied offset reset");
        }
        OffsetResetRequest original;
        Map<String, Long> before;
        try {
            original = json.readValue(entry.parameters, OffsetResetRequest.class);
            before = json.readValue(entry.before, new TypeReference<TreeMap<String, Long>>() {
            });
        } catch (JsonProcessingException e) {
            throw new OperationException(Kind.INVALID, "audit entry " + auditId + " cannot be read back: " + e.getMessage(), e);
        }
        StringBuilder csv = new StringBuilder("topic,partition,offset\n");
        before.forEach((partition, offset) -> {
            if (offset != null) {
                int dash = partition.lastIndexOf('-');
                csv.append(partition, 0, dash).append(',').append(partition.substring(dash + 1)).append(',').append(offset)
                        .append('\n');
            }
        });
        if (csv.indexOf("\n") == csv.length() - 1) {
            throw new OperationException(Kind.INVALID, "the reset of audit entry " + auditId
                    + " created the group's first offsets; there is nothing to restore");
        }
        return new OffsetResetRequest(original.source(), original.group(), OffsetResetMode.FROM_FILE, Set.of(), Set.of(),
                null, null, null, null, csv.toString(), null);
    }

    private OffsetResetPlan plan(OffsetResetRequest request) throws OperationException {
        GroupOffsets offsets = offsets(request.source());
        Map<PartitionRef, Long> file = request.mode() == OffsetResetMode.FROM_FILE ? csv(request.csv()) : Map.of();
        Set<String> topics = new TreeSet<>(request.topics());
        request.partitions().forEach(p -> topics.add(p.topic()));
        file.keySet().forEach(p -> topics.add(p.topic()));
        try {
            GroupPosition position = offsets.describe(request.group(), topics);
            if (position.partitions().isEmpty()) {
                throw new OperationException(Kind.INVALID, "group " + request.group() + " has no offsets on "
                        + request.source() + " yet; name the topics to create them for");
            }
            Map<PartitionRef, Long> targets = targets(request, offsets, position, file);
            List<OffsetResetPlan.PartitionPlan> partitions = OffsetResetPlanner.plan(request, position, targets);
            if (partitions.isEmpty()) {
                throw new OperationException(Kind.INVALID, "no partition of group " + request.group()
                        + " is in the chosen scope");
            }
            List<GroupMember> members = position.members().stream()
                    .map(m -> new GroupMember(m.id(), m.clientId(), m.host())).toList();
            return new OffsetResetPlan(request, members, partitions, refusal(request, position),
                    warnings(request, position, partitions));
        } catch (SourceUnavailableException e) {
            throw new OperationException(Kind.UNAVAILABLE, e.getMessage(), e);
        }
    }

    private Map<PartitionRef, Long> targets(OffsetResetRequest request, GroupOffsets offsets, GroupPosition position,
            Map<PartitionRef, Long> file) throws SourceUnavailableException, OperationException {
        List<PartitionRef> partitions = position.partitions().stream().map(GroupOffsets.PartitionPosition::partition).toList();
        return switch (request.mode()) {
            case TO_DATETIME -> offsets.offsetsAt(partitions, request.dateTime());
            case BY_DURATION -> offsets.offsetsAt(partitions, Instant.now().minus(request.duration()));
            case FROM_FILE -> {
                Set<PartitionRef> unknown = new TreeSet<>(file.keySet());
                unknown.removeAll(new HashSet<>(partitions));
                if (!unknown.isEmpty()) {
                    throw new OperationException(Kind.INVALID, "the file names partitions that do not exist: " + unknown);
                }
                yield file;
            }
            case FROM_GROUP -> {
                Map<PartitionRef, Long> other = committed(offsets.describe(request.fromGroup(), topics(position)));
                other.values().removeIf(offset -> offset == null);
                if (other.isEmpty()) {
                    throw new OperationException(Kind.INVALID, "group " + request.fromGroup()
                            + " has no commits on the topics of " + request.group() + " to copy");
                }
                yield other;
            }
            default -> Map.of();
        };
    }

    private String refusal(OffsetResetRequest request, GroupPosition position) {
        if (sources.readOnly(request.source())) {
            return "source " + request.source() + " is read-only (weir.sources." + request.source()
                    + ".read-only=true): Weir changes nothing on it";
        }
        if (!position.members().isEmpty()) {
            return "group " + request.group() + " has " + position.members().size() + " active member(s): "
                    + position.members().stream().map(m -> m.id() + (m.host().isEmpty() ? "" : " on " + m.host()))
                            .collect(Collectors.joining(", "))
                    + ". Stop its consumers (or wait for their session timeout), then apply again.";
        }
        return null;
    }

    private List<String> warnings(OffsetResetRequest request, GroupPosition position,
            List<OffsetResetPlan.PartitionPlan> partitions) {
        List<String> warnings = new ArrayList<>();
        if (position.members().isEmpty()) {
            long now = System.currentTimeMillis();
            for (String topic : topics(position)) {
                List<Sample> committed = history.range(SeriesKey.of(MonitorMetrics.GROUP_COMMITTED,
                        Map.of("source", request.source(), "group", request.group(), "topic", topic)),
                        now - RECENT_COMMIT.toMillis(), now);
                if (committed.stream().map(Sample::value).distinct().count() > 1) {
                    warnings.add("group " + request.group() + " has no members but committed on " + topic
                            + " in the last " + RECENT_COMMIT.toMinutes() + " minutes: consumers that use assign()"
                            + " look empty but may still be running, and would overwrite the reset");
                }
            }
        }
        long clamped = partitions.stream().filter(p -> p.clamp() != null).count();
        if (clamped > 0) {
            warnings.add(clamped + " partition(s) clamped to the stored range");
        }
        return warnings;
    }

    private GroupOffsets offsets(String source) throws OperationException {
        if (sources.source(source).isEmpty()) {
            throw new OperationException(Kind.NOT_FOUND, "no source named '" + source + "' is configured");
        }
        return sources.groupOffsets(source).orElseThrow(() -> new OperationException(Kind.NOT_FOUND,
                "source " + source + " has no consumer-group offsets to reset (RabbitMQ queues have none)"));
    }

    private static Map<PartitionRef, Long> csv(String csv) throws OperationException {
        try {
            return OffsetCsv.parse(csv);
        } catch (IllegalArgumentException e) {
            throw new OperationException(Kind.INVALID, e.getMessage(), e);
        }
    }

    private static Set<String> topics(GroupPosition position) {
        return position.partitions().stream().map(p -> p.partition().topic()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> topics(OffsetResetPlan plan) {
        return plan.partitions().stream().map(p -> p.partition().topic()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<PartitionRef, Long> committed(GroupPosition position) {
        Map<PartitionRef, Long> committed = new TreeMap<>();
        position.partitions().forEach(p -> committed.put(p.partition(), p.committed()));
        return committed;
    }

    private static Map<String, Long> current(OffsetResetPlan plan) {
        Map<String, Long> current = new LinkedHashMap<>();
        plan.partitions().forEach(p -> current.put(p.partition().toString(), p.current()));
        return current;
    }

    private static String object(OffsetResetRequest request) {
        return "group " + request.group();
    }

    private static String summary(OffsetResetPlan plan) {
        long moving = plan.partitions().stream().filter(OffsetResetPlan.PartitionPlan::changes).count();
        return moving + " of " + plan.partitions().size() + " partition(s) would move"
                + (plan.refusal() == null ? "" : "; apply would be refused: " + plan.refusal());
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value instanceof Map<?, ?> map ? new TreeMap<>(map) : value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain records and maps always serialize", e);
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
