package io.weir.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.weir.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The console's API over the live monitor, with the sources configured in the test profile. */
@QuarkusTest
class SourcesApiTest {

    @BeforeAll
    static void requireServices() {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        TestServices.requireReachable("127.0.0.1", 15672, "the RabbitMQ management API");
    }

    @Test
    void apiAnswersOnlySignedInUsers() {
        given().get("/api/v1/sources").then().statusCode(401);
        given().auth().preemptive().basic("admin", "wrong").get("/api/v1/sources").then().statusCode(401);
        given().auth().preemptive().basic("admin", "test-admin-password").get("/api/v1/sources").then().statusCode(200);
    }

    @Test
    void configuredViewerSignsInWithHerBcryptPassword() {
        given().auth().preemptive().basic("vera", "viewer-password").get("/api/v1/sources").then().statusCode(200);
        given().auth().preemptive().basic("vera", "viewer-passwor").get("/api/v1/sources").then().statusCode(401);
    }

    @Test
    void sourcesShowLiveStatesFromRealBrokers() throws InterruptedException {
        JsonPath sources = awaitSources(json -> "up".equals(state(json, "kafka"))
                && "up".equals(state(json, "rabbit")) && "down".equals(state(json, "locked-out")));
        assertThat(sources.getString("find { it.name == 'kafka' }.version")).startsWith("4.3");
        assertThat(sources.getInt("find { it.name == 'kafka' }.nodes")).isEqualTo(1);
        assertThat(sources.getString("find { it.name == 'rabbit' }.kind")).isEqualTo("rabbitmq");
        assertThat(sources.getString("find { it.name == 'locked-out' }.error")).contains("refused the credentials");
    }

    @Test
    void secretsNeverAppearInAnswers() throws InterruptedException {
        awaitSources(json -> "down".equals(state(json, "locked-out")));
        String api = given().auth().preemptive().basic("admin", "test-admin-password")
                .get("/api/v1/sources").asString();
        String metrics = given().accept("text/plain").get("/q/metrics").asString();
        assertThat(api).doesNotContain("never-shown-secret-7f3a");
        assertThat(metrics).doesNotContain("never-shown-secret-7f3a");
    }

    @Test
    void unknownSourceIsAJsonNotFound() {
        given().auth().preemptive().basic("admin", "test-admin-password")
                .get("/api/v1/sources/nope").then().statusCode(404)
                .body("error", equalTo("no source named 'nope' is configured"));
    }

    @Test
    void openApiDocumentNeedsSignIn() {
        given().get("/q/openapi").then().statusCode(401);
        given().auth().preemptive().basic("admin", "test-admin-password").get("/q/openapi").then().statusCode(200);
    }

    private static String state(JsonPath json, String source) {
        return json.getString("find { it.name == '" + source + "' }.state");
    }

    private static JsonPath awaitSources(Predicate<JsonPath> ready) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        JsonPath last = null;
        while (Instant.now().isBefore(deadline)) {
            last = given().auth().preemptive().basic("admin", "test-admin-password")
                    .get("/api/v1/sources").then().statusCode(200).extract().jsonPath();
            if (ready.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("sources never reached the expected states: " + (last == null ? null : last.prettify()));
    }

}
