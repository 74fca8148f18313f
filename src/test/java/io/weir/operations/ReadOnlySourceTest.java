package io.weir.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A source configured {@code read-only=true} refuses every change for every role, saying why, and audits the refusal. */
@QuarkusTest
@TestProfile(ReadOnlySourceTest.ReadOnlyBuiltin.class)
class ReadOnlySourceTest {

    public static class ReadOnlyBuiltin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("weir.sources.builtin.kind", "builtin", "weir.sources.builtin.read-only", "true");
        }
    }

    private final String topic = "read-only-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anAdminsOffsetResetOnAReadOnlySourceIsPreviewedButNeverApplied() {
        admin().body(Map.of("name", topic, "partitions", 1)).post("/api/broker/v1/topics").then().statusCode(201);
        admin().body(Map.of("messages", java.util.List.of(Map.of("value", "a"), Map.of("value", "b"))))
                .post("/api/broker/v1/topics/" + topic + "/messages").then().statusCode(200);
        admin().body(Map.of("name", "billing", "mode", "ordered")).post("/api/broker/v1/topics/" + topic + "/groups")
                .then().statusCode(201);
        String offsets = "/api/v1/sources/builtin/groups/billing/offsets/";

        String refusal = admin().body(Map.of("mode", "to-latest", "topics", java.util.List.of(topic))).post(offsets + "plan")
                .then().statusCode(200).extract().jsonPath().getString("refusal");
        assertThat(refusal).contains("read-only", "weir.sources.builtin.read-only=true");
        admin().body(Map.of("mode", "to-latest", "topics", java.util.List.of(topic))).post(offsets + "apply")
                .then().statusCode(409).body("error", containsString("read-only"));

        assertThat(admin().get("/api/broker/v1/topics/" + topic + "/groups/billing").then().extract().jsonPath()
                .getInt("partitions[0].committed")).isZero();
        assertThat(admin().get("/api/v1/audit?source=builtin&action=offset-reset.apply").then().statusCode(200)
                .extract().jsonPath().getString("[0].result")).isEqualTo("REFUSED");
    }

    @Test
    void aReplayFromAReadOnlySourceIsPreviewedButNeverStarted() {
        admin().body(Map.of("name", topic + ".dlq", "partitions", 1)).post("/api/broker/v1/topics").then().statusCode(201);
        admin().body(Map.of("messages", java.util.List.of(Map.of("value", "a", "headers", Map.of("weir.dlq.topic", topic)))))
                .post("/api/broker/v1/topics/" + topic + ".dlq/messages").then().statusCode(200);
        Map<String, Object> body = Map.of("source", "builtin", "queue", topic + ".dlq");
        assertThat(admin().body(body).post("/api/v1/replays").then().statusCode(200).extract().jsonPath()
                .getString("refusal")).contains("read-only", "weir.sources.builtin.read-only=true");
        Map<String, Object> start = new java.util.HashMap<>(body);
        start.put("dryRun", false);
        admin().body(start).post("/api/v1/replays").then().statusCode(409).body("error", containsString("read-only"));
        assertThat(admin().get("/api/v1/replays").then().statusCode(200).extract().jsonPath().getList("queue"))
                .doesNotContain(topic + ".dlq");
        assertThat(admin().get("/api/v1/audit?source=builtin&action=replay.start").then().statusCode(200)
                .extract().jsonPath().getString("[0].result")).isEqualTo("REFUSED");
    }

    @Test
    void anAdminsPurgeOfAReadOnlySourceIsCountedButNeverDone() {
        admin().body(Map.of("name", topic, "partitions", 1)).post("/api/broker/v1/topics").then().statusCode(201);
        admin().body(Map.of("messages", java.util.List.of(Map.of("value", "a"), Map.of("value", "b"))))
                .post("/api/broker/v1/topics/" + topic + "/messages").then().statusCode(200);
        String purge = "/api/v1/sources/builtin/queues/" + topic + "/purge";

        io.restassured.path.json.JsonPath plan = admin().get(purge).then().statusCode(200).extract().jsonPath();
        assertThat(plan.getLong("messages")).isEqualTo(2);
        assertThat(plan.getString("refusal")).contains("read-only");
        admin().body(Map.of("confirm", topic)).post(purge).then().statusCode(409).body("error", containsString("read-only"));

        assertThat(admin().get(purge).then().extract().jsonPath().getLong("messages")).isEqualTo(2);
        assertThat(admin().get("/api/v1/audit?source=builtin&action=purge.apply&object=" + topic).then().statusCode(200)
                .extract().jsonPath().getString("[0].result")).isEqualTo("REFUSED");
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "test-admin-password").contentType("application/json");
    }
}
