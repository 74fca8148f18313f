package io.weir.alerting.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.cluster.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Keeps each group's alerts in the database, writing only what changed since the last write (a
 * new alert, a change of state, an alert forgotten), so steady firing costs no writes. Each call
 * is its own transaction; it blocks on the database and is called from evaluation threads only.
 * Saves are fenced by the leader's lease: a replica that lost it gets {@link
 * io.weir.cluster.LeaseLostException} and writes nothing.
 */
@ApplicationScoped
class AlertStateStore {

    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final ObjectMapper json = new ObjectMapper();
    /** Per group key: the alerts as last written, by id. */
    private final Map<String, Map<String, Alert>> written = new ConcurrentHashMap<>();
    private final Leadership leadership;

    AlertStateStore(Leadership leadership) {
        this.leadership = leadership;
    }

    /** The alerts stored for a group; remembered as written. */
    synchronized List<Alert> load(RuleGroupDefinition group) {
        List<Alert> alerts = QuarkusTransaction.requiringNew().call(() -> StoredAlert
                .<StoredAlert>list("ruleFile = ?1 and ruleGroup = ?2", group.file(), group.name())
                .stream().map(this::alert).toList());
        written.put(group.key(), alerts.stream().collect(Collectors.toConcurrentMap(a -> id(group, a), a -> a)));
        return alerts;
    }

    /**
     * Writes the group's current alerts: inserts and updates the changed ones, deletes the forgotten ones.
     * One save at a time: after a leadership change reloads the groups, the replaced instance of a
     * group may still be saving while its successor saves the same alerts, and two inserts of one
     * new alert would collide.
     */
    synchronized void save(RuleGroupDefinition group, List<Alert> alerts) {
        Map<String, Alert> before = written.computeIfAbsent(group.key(), k -> new ConcurrentHashMap<>());
        Map<String, Alert> now = alerts.stream().collect(Collectors.toMap(a -> id(group, a), a -> a, (a, b) -> a));
        List<Alert> changed = now.entrySet().stream()
                .filter(e -> !sameState(before.get(e.getKey()), e.getValue())).map(Map.Entry::getValue).toList();
        Set<String> gone = before.keySet().stream().filter(id -> !now.containsKey(id)).collect(Collectors.toSet());
        if (changed.isEmpty() && gone.isEmpty()) {
            return;
        }
        leadership.fenced(() -> {
            // Not a method reference: Panache replaces the entity's static methods at build time, and
            // a reference to deleteById resolves to PanacheEntityBase's unreplaced one, which throws.
            gone.forEach(id -> StoredAlert.deleteById(id));
            changed.forEach(alert -> write(group, alert));
        });
        written.put(group.key(), new ConcurrentHashMap<>(now));
    }

    /** Deletes the stored alerts of a group that no longer exists. */
    void forget(RuleGroupDefinition group) {
        QuarkusTransaction.requiringNew().run(() ->
                StoredAlert.delete("ruleFile = ?1 and ruleGroup = ?2", group.file(), group.name()));
        written.remove(group.key());
    }

    private void write(RuleGroupDefinition group, Alert alert) {
        String id = id(group, alert);
        StoredAlert stored = StoredAlert.findById(id);
        if (stored == null) {
            stored = new StoredAlert();
            stored.id = id;
        }
        stored.ruleFile = group.file();
        stored.ruleGroup = group.name();
        stored.alertName = alert.name();
        stored.labelsJson = text(alert.labels());
        stored.annotationsJson = text(alert.annotations());
        stored.state = alert.state().name();
        stored.value = Double.isFinite(alert.value()) ? alert.value() : 0;
        stored.activeAt = alert.activeAt();
        stored.firedAt = alert.firedAt();
        stored.resolvedAt = alert.resolvedAt();
        stored.persist();
    }

    private Alert alert(StoredAlert stored) {
        return new Alert(new TreeMap<>(map(stored.labelsJson)), map(stored.annotationsJson), AlertState.valueOf(stored.state),
                stored.value, stored.activeAt, stored.firedAt, stored.resolvedAt, stored.ruleGroup, stored.ruleFile);
    }

    private static boolean sameState(Alert before, Alert now) {
        return before != null && before.state() == now.state() && before.activeAt().equals(now.activeAt())
                && Objects.equals(before.firedAt(), now.firedAt())
                && Objects.equals(before.resolvedAt(), now.resolvedAt());
    }

    private String text(Map<String, String> map) {
        try {
            return json.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    private Map<String, String> map(String text) {
        try {
            return json.readValue(text, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored alert has unreadable JSON: " + text, e);
        }
    }

    static String id(RuleGroupDefinition group, Alert alert) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((group.key() + "\n" + alert.identity()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
