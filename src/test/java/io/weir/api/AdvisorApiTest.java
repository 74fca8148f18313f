package io.weir.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Acknowledging a finding and withdrawing the acknowledgement over the API, against the test
 * profile's real Kafka source: operators only, both audited, and the finding counts again.
 */
@QuarkusTest
class AdvisorApiTest {

    private static final String SOURCE = "kafka";
    private static final String OBJECT = "*";
    private static final String CHECK = "kafka-producer-idempotence";

    @Test
    void operatorWithdrawsAnAcknowledgementAndTheFindingCountsAgain() throws Exception {
        awaitFinding();
        as("otto", "operator-password").body(Map.of("source", SOURCE, "object", OBJECT, "check", CHECK,
                "reason", "every producer uses the platform's client")).post("/api/v1/advisor/acknowledgements")
                .then().statusCode(200).body("acknowledgedBy", equalTo("otto"));
        assertThat(checks(true)).contains(CHECK);

        withdraw(as("vera", "viewer-password")).then().statusCode(403);
        withdraw(as("otto", "operator-password")).then().statusCode(200)
                .body("check", equalTo(CHECK)).body("acknowledgedBy", nullValue()).body("acknowledgement", nullValue());
        assertThat(checks(true)).doesNotContain(CHECK);
        assertThat(checks(false)).contains(CHECK);

        JsonPath audit = as("admin", "test-admin-password").get("/api/v1/audit?action=advisor.withdraw&source=" + SOURCE)
                .then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("actor")).containsExactly("otto");
        assertThat(audit.getString("[0].before")).contains("every producer uses the platform's client");
        assertThat(audit.getString("[0].parameters")).contains(CHECK);

        withdraw(as("otto", "operator-password")).then().statusCode(404)
                .body("error", containsString("no acknowledgement of " + CHECK));
        as("otto", "operator-password").queryParam("source", SOURCE).delete("/api/v1/advisor/acknowledgements")
                .then().statusCode(400);
    }

    private static io.restassured.response.Response withdraw(RequestSpecification request) {
        return request.queryParam("source", SOURCE).queryParam("object", OBJECT).queryParam("check", CHECK)
                .delete("/api/v1/advisor/acknowledgements");
    }

    private static List<String> checks(boolean acknowledged) {
        return as("vera", "viewer-password").get("/api/v1/advisor/findings?source=" + SOURCE + "&acknowledged=" + acknowledged)
                .then().statusCode(200).extract().jsonPath().getList("check");
    }

    /** The Kafka source's first check follows its first successful poll. */
    private static void awaitFinding() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!checks(false).contains(CHECK)) {
            assertThat(System.nanoTime()).as("the advisor's first check of source " + SOURCE).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static RequestSpecification as(String user, String password) {
        return given().auth().preemptive().basic(user, password).contentType(ContentType.JSON);
    }
}
