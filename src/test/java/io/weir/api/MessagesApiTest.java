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
    /** Matches the test profile's {@code weir.sources.builtin.sensitive-topics=secret-*}: payloads for operators only. */
    private static final String SECRET = "secret-" + UUID.randomUUID().toString().substring(0, 8);

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
        admin().contentType(ContentType.JSON).body(Map.of("name", SECRET, "partitions", 1)).post("/api/broker/v1/topics")
                .then().statusCode(201);
        admin().contentType(ContentType.JSON).body(Map.of("messages", IntStream.range(0, 3)
                        .mapToObj(i -> Map.of("key", "card-" + i, "value", "pan 4111-1111-" + i,
                                "headers", Map.of("type", i == 1 ? "refund" : "sale")))
                        .toList()))
                .post("/api/broker/v1/topics/" + SECRET + "/messages").then().statusCode(200);
    }

    @Test
    void celExpressionsFilterOnTheServer() {
        JsonPath page = viewer().queryParam("cel", "headers[\"type\"] == \"even\" && valueJson.n > 5")
                .get(url("builtin", TOPIC)).then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("messages.key", String.class)).containsExactlyInAnyOrder("customer-6", "customer-8",
                "customer-10");
        viewer().queryParam("cel", "value.contains(\"xxxx\")").get(url("builtin", TOPIC)).then().statusCode(200)
                .body("messages.key", equalTo(List.of("customer-5")));
        viewer().queryParam("cel", "key == \"customer-3\"").queryParam("header", "type:even").get(url("builtin", TOPIC))
                .then().statusCode(200).body("messages", org.hamcrest.Matchers.empty());
    }

    @Test
    void celCompileErrorsAreBadRequestsSayingWhatAndWhere() {
        String error = viewer().queryParam("cel", "offset >").get(url("builtin", TOPIC)).then().statusCode(400)
                .contentType(ContentType.JSON).extract().jsonPath().getString("error");
        assertThat(error).startsWith("cel is not a valid boolean CEL expression").contains("1:");
        viewer().queryParam("cel", "offset + 1").get(url("builtin", TOPIC)).then().statusCode(400)
                .body("error", startsWith("cel is not a valid boolean CEL expression"));
        viewer().queryParam("cel", "java.lang.System.exit(1)").get(url("builtin", TOPIC)).then().statusCode(400);
    }

    @Test
    void savedFiltersAreListedAndUsedByName() {
        viewer().get("/api/v1/sources/builtin/saved-filters").then().statusCode(200)
                .body("name", equalTo(List.of("evens", "late-evens")))
                .body("[1].parameters.cel", equalTo("offset >= 3"))
                .body("[1].parameters.header", equalTo("type:even"));
        List<String> evens = viewer().queryParam("header", "type:even").get(url("builtin", TOPIC)).then().statusCode(200)
                .extract().jsonPath().getList("messages.key", String.class);
        assertThat(evens).hasSize(6);
        viewer().queryParam("saved", "evens").get(url("builtin", TOPIC)).then().statusCode(200)
                .body("messages.key", equalTo(evens));
        List<String> late = viewer().queryParam("header", "type:even").queryParam("cel", "offset >= 3")
                .get(url("builtin", TOPIC)).then().statusCode(200).extract().jsonPath().getList("messages.key", String.class);
        assertThat(late).isNotEmpty().hasSizeLessThan(evens.size());
        viewer().queryParam("saved", "late-evens").get(url("builtin", TOPIC)).then().statusCode(200)
                .body("messages.key", equalTo(late));
        viewer().queryParam("saved", "late-evens").queryParam("cel", "offset >= 0").get(url("builtin", TOPIC))
                .then().statusCode(200).body("messages.key", equalTo(evens));
        viewer().queryParam("saved", "nope").get(url("builtin", TOPIC)).then().statusCode(404)
                .body("error", equalTo("source builtin has no saved filter named 'nope'"));
        viewer().get("/api/v1/sources/kafka/saved-filters").then().statusCode(200).body("", org.hamcrest.Matchers.empty());
        viewer().get("/api/v1/sources/nope/saved-filters").then().statusCode(404);
    }

    @Test
    void viewersGetSensitivePayloadsHiddenAndAdminsSeeThem() {
        JsonPath hidden = viewer().get(url("builtin", SECRET)).then().statusCode(200).extract().jsonPath();
        assertThat(hidden.getList("messages.key", String.class)).containsExactly("card-0", "card-1", "card-2");
        assertThat(hidden.getList("messages.hidden", Boolean.class)).containsOnly(true);
        assertThat(hidden.getList("messages.valueText")).containsOnly((Object) null);
        assertThat(hidden.getList("messages.valueBase64")).containsOnly((Object) null);
        assertThat(hidden.getList("messages.size", Integer.class)).containsOnly("pan 4111-1111-0".length());
        assertThat(hidden.getList("messages.headers.type", String.class)).containsExactly("sale", "refund", "sale");
        JsonPath shown = admin().get(url("builtin", SECRET)).then().statusCode(200).extract().jsonPath();
        assertThat(shown.getList("messages.valueText", String.class)).containsExactly("pan 4111-1111-0", "pan 4111-1111-1",
                "pan 4111-1111-2");
        assertThat(shown.getList("messages.hidden", Boolean.class)).containsOnly(false);
        viewer().get(url("builtin", TOPIC)).then().statusCode(200).body("messages[0].hidden", equalTo(false));
    }

    @Test
    void payloadFiltersOnHiddenPayloadsAreForbiddenForViewers() {
        for (Map.Entry<String, String> filter : Map.of("text", "4111", "regex", "4111-\\d", "jsonPath", "$.pan",
                "cel", "value.contains(\"4111-1111-1\")").entrySet()) {
            viewer().queryParam(filter.getKey(), filter.getValue()).get(url("builtin", SECRET)).then().statusCode(403)
                    .contentType(ContentType.JSON)
                    .body("error", startsWith("the payloads of " + SECRET + " on source builtin are hidden from you"
                            + " (payload-visibility=operator), so filters that read them cannot be used: " + filter.getKey()));
        }
        viewer().queryParam("header", "type:refund").queryParam("cel", "key.endsWith(\"-1\")").get(url("builtin", SECRET))
                .then().statusCode(200).body("messages.key", equalTo(List.of("card-1")));
        admin().queryParam("text", "4111-1111-1").get(url("builtin", SECRET)).then().statusCode(200)
                .body("messages.key", equalTo(List.of("card-1")));
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

    private static RequestSpecification viewer() {
        return given().auth().preemptive().basic("vera", "viewer-password");
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", "test-admin-password");
    }
}
