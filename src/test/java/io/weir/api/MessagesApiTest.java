package io.weir.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/sources/{source}/queues/{queue}/messages} over the built-in broker of the test profile. */
@QuarkusTest
class MessagesApiTest {

    private static final String TOPIC = "api-browse-" + UUID.randomUUID().toString().substring(0, 8);

    private static boolean published;

    /** Once, before the first test: RestAssured knows the test port only once Quarkus runs. */
    @BeforeEach
    void publish() {
        if (published) {
            return;
        }
        published = true;
        admin().contentType(ContentType.JSON).body(Map.of("name", TOPIC, "partitions", 2)).post("/api/broker/v1/topics")
                .then().statusCode(201);
        admin().contentType(ContentType.JSON).body(Map.of("messages", IntStream.range(0, 12)
                        .mapToObj(i -> Map.of("key", "customer-" + i, "value", i == 5 ? "x".repeat(300) : "{\"n\":" + i + "}",
                                "headers", Map.of("type", i % 2 == 0 ? "even" : "odd")))
                        .toList()))
                .post("/api/broker/v1/topics/" + TOPIC + "/messages").then().statusCode(200);
    }

    @Test
    void viewerPagesThroughMessagesWithFilters() {
        JsonPath page = given().auth().preemptive().basic("vera", "viewer-password")
                .queryParam("header", "type:even").queryParam("limit", 4)
                .get(url("builtin", TOPIC)).then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("messages")).hasSize(4);
        assertThat(page.getList("messages.headers.type", String.class)).containsOnly("even");
        assertThat(page.getBoolean("complete")).isFalse();
        assertThat(page.getString("stopped")).isEqualTo("limit");
        String position = page.getString("next.position");
        JsonPath rest = given().auth().preemptive().basic("vera", "viewer-password")
                .queryParam("header", "type:even").queryParam("position", position)
                .get(url("builtin", TOPIC)).then().statusCode(200).extract().jsonPath();
        assertThat(rest.getList("messages")).hasSize(2);
        assertThat(rest.getBoolean("complete")).isTrue();
        assertThat(rest.getString("next")).isNull();
    }

    @Test
    void largeValuesAreCutAndSaySo() {
        JsonPath page = admin().queryParam("key", "customer-5").queryParam("maxValueBytes", 100)
                .get(url("builtin", TOPIC)).then().statusCode(200).extract().jsonPath();
        assertThat(page.getInt("messages[0].size")).isEqualTo(300);
        assertThat(page.getBoolean("messages[0].truncated")).isTrue();
        assertThat(page.getString("messages[0].valueText")).hasSize(100);
        admin().queryParam("jsonPath", "$.n").queryParam("jsonValue", "7").get(url("builtin", TOPIC)).then().statusCode(200)
                .body("messages.key", equalTo(List.of("customer-7")));
    }

    @Test
    void badInputIsAJsonError() {
        admin().get(url("nope", TOPIC)).then().statusCode(404).contentType(ContentType.JSON)
                .body("status", equalTo(404)).body("error", equalTo("no source named 'nope' is configured"));
        admin().get(url("builtin", "no-such-topic")).then().statusCode(404)
                .body("error", equalTo("source builtin has no topic or queue named 'no-such-topic'"));
        admin().queryParam("offset", "ten").get(url("builtin", TOPIC)).then().statusCode(400).contentType(ContentType.JSON)
                .body("status", equalTo(400)).body("error", equalTo("offset must be a whole number: ten"));
        admin().queryParam("offset", "-1").get(url("builtin", TOPIC)).then().statusCode(400)
                .body("error", equalTo("offset must not be negative: -1"));
        admin().queryParam("regex", "a(").get(url("builtin", TOPIC)).then().statusCode(400)
                .body("error", startsWith("regex is not a valid regular expression"));
        admin().queryParam("from", "yesterday").get(url("builtin", TOPIC)).then().statusCode(400)
                .body("error", startsWith("from must be an ISO-8601 time"));
        admin().get(url("rabbit", "anything")).then().statusCode(400)
                .body("error", startsWith("source rabbit cannot be browsed"));
    }

    @Test
    void signInIsRequired() {
        given().get(url("builtin", TOPIC)).then().statusCode(401);
    }

    private static String url(String source, String queue) {
        return "/api/v1/sources/" + source + "/queues/" + queue + "/messages";
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "test-admin-password");
    }
}
