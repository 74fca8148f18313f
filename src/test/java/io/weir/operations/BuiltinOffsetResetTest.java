package io.weir.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Offset resets of the built-in broker's ordered groups through the console API, the same API as
 * for Kafka: refused while a consumer is in the group (named), applied and read back once it
 * left, by time, and creating the offsets of a group the topic does not have yet.
 */
@QuarkusTest
class BuiltinOffsetResetTest {

    private static final String BROKER = "/api/broker/v1";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String topic = "builtin-reset-" + run;
    private final String group = "billing-" + run;

    @BeforeEach
    void topicWithAGroupAtSix() {
        admin().body(Map.of("name", topic, "partitions", 1)).post(BROKER + "/topics").then().statusCode(201);
        List<Map<String, Object>> messages = new ArrayList<>();
        Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
        for (int i = 0; i < 10; i++) {
            messages.add(Map.of("value", "order " + i, "timestamp", (i < 5 ? twoHoursAgo : Instant.now()).toString()));
        }
        admin().body(Map.of("messages", messages)).post(BROKER + "/topics/" + topic + "/messages").then().statusCode(200);
        admin().body(Map.of("name", group, "mode", "ordered")).post(BROKER + "/topics/" + topic + "/groups").then().statusCode(201);
        admin().post(BROKER + "/topics/" + topic + "/groups/" + group + "/fetch?consumer=worker-1&max=6").then().statusCode(200);
        admin().body(Map.of("offsets", Map.of("0", 6))).post(BROKER + "/topics/" + topic + "/groups/" + group + "/commit?consumer=worker-1")
                .then().statusCode(204);
    }

    @Test
    void aResetWaitsUntilTheConsumerLeftThenMovesTheGroup() {
        JsonPath plan = admin().body(Map.of("mode", "to-earliest")).post(offsets(group, "plan")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(plan.getString("refusal")).contains("worker-1");
        assertThat(plan.getList("partitions.current", Long.class)).containsExactly(6L);
        admin().body(Map.of("mode", "to-earliest")).post(offsets(group, "apply")).then().statusCode(409);
        assertThat(committed(group)).isEqualTo(6);

        admin().delete(BROKER + "/topics/" + topic + "/groups/" + group + "/members/worker-1").then().statusCode(204);
        JsonPath applied = admin().body(Map.of("mode", "by-duration", "duration", "1h")).post(offsets(group, "apply"))
                .then().statusCode(200).extract().jsonPath();

        assertThat(applied.getBoolean("matchesPlan")).isTrue();
        assertThat(applied.getList("readBack.offset", Long.class)).containsExactly(5L);
        assertThat(committed(group)).isEqualTo(5);
    }

    @Test
    void offsetsAreCreatedForAGroupTheTopicDoesNotHave() {
        String fresh = "fresh-" + group;
        admin().body(Map.of("mode", "to-offset", "offset", 3, "topics", List.of(topic))).post(offsets(fresh, "apply"))
                .then().statusCode(200);

        assertThat(committed(fresh)).isEqualTo(3);
    }

    private int committed(String groupName) {
        return admin().get(BROKER + "/topics/" + topic + "/groups/" + groupName).then().statusCode(200).extract()
                .jsonPath().getInt("partitions[0].committed");
    }

    private static String offsets(String groupName, String step) {
        return "/api/v1/sources/builtin/groups/" + groupName + "/offsets/" + step;
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "test-admin-password").contentType("application/json");
    }
}
