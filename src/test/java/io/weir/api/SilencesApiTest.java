package io.weir.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** Silences over the API: viewers read them, operators (and admins) create and expire them. */
@QuarkusTest
class SilencesApiTest {

    private static final String ADMIN_PASSWORD = "test-admin-password";

    @Test
    void operatorCreatesAndExpiresASilenceThatViewersCanRead() {
        String id = given().auth().preemptive().basic("admin", ADMIN_PASSWORD).contentType(ContentType.JSON)
                .body("{\"matchers\": \"alertname=\\\"ConsumerStopped\\\", source=~\\\"kafka.*\\\"\", \"duration\": \"PT2H\","
                        + " \"comment\": \"deploying billing\"}")
                .post("/api/v1/silences")
                .then().statusCode(201)
                .body("state", equalTo("active"))
                .body("createdBy", equalTo("admin"))
                .body("matchers", equalTo("alertname=\"ConsumerStopped\", source=~\"kafka.*\""))
                .extract().path("id");

        given().auth().preemptive().basic("vera", "viewer-password").get("/api/v1/silences/" + id)
                .then().statusCode(200).body("comment", equalTo("deploying billing"));
        given().auth().preemptive().basic("vera", "viewer-password").delete("/api/v1/silences/" + id).then().statusCode(403);

        given().auth().preemptive().basic("admin", ADMIN_PASSWORD).delete("/api/v1/silences/" + id)
                .then().statusCode(200).body("state", equalTo("expired"));
        String list = given().auth().preemptive().basic("vera", "viewer-password").get("/api/v1/silences").asString();
        assertThat(list).contains(id);
    }

    @Test
    void viewerCannotCreateASilence() {
        given().auth().preemptive().basic("vera", "viewer-password").contentType(ContentType.JSON)
                .body("{\"matchers\": \"alertname=\\\"X\\\"\", \"duration\": \"PT1H\", \"comment\": \"no\"}")
                .post("/api/v1/silences").then().statusCode(403);
    }

    @Test
    void silenceMatchingEverythingOrBadlyWrittenIsRefusedWithTheReason() {
        given().auth().preemptive().basic("admin", ADMIN_PASSWORD).contentType(ContentType.JSON)
                .body("{\"matchers\": \"severity!=\\\"info\\\"\", \"duration\": \"PT1H\", \"comment\": \"too wide\"}")
                .post("/api/v1/silences").then().statusCode(400).body("error", containsString("does not match an empty label"));
        given().auth().preemptive().basic("admin", ADMIN_PASSWORD).contentType(ContentType.JSON)
                .body("{\"matchers\": \"severity=critical\", \"duration\": \"PT1H\", \"comment\": \"unquoted\"}")
                .post("/api/v1/silences").then().statusCode(400).body("error", containsString("expected label=\"value\""));
        given().auth().preemptive().basic("admin", ADMIN_PASSWORD).delete("/api/v1/silences/nope").then().statusCode(404);
    }
}
