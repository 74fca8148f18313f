package io.weir.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the console's API ({@code /api/v1}), case by case: every answer is an error in the
 * JSON shape {@code {status, error}} saying what is wrong, never an empty body or a bare status
 * line. Add a case here for every new endpoint and every bad input found.
 */
@QuarkusTest
class ConsoleApiBadInputTest {

    private static final String SILENCES = "/api/v1/silences";

    @Test
    void malformedJsonSaysWhereItIsMalformed() {
        expect("malformed JSON", asAdmin().body("{bad").post(SILENCES), 400, "malformed JSON (line 1, column 2)");
        expect("a misspelt field", asAdmin().body("{\"matcher\":\"a=\\\"b\\\"\"}").post(SILENCES), 400,
                "unknown field matcher");
    }

    @Test
    void wrongTypesAreNamedByField() {
        expect("an object for the matchers", asAdmin().body("{\"matchers\":{}}").post(SILENCES), 400,
                "matchers must be a string");
        expect("a word for a time", asAdmin().body("{\"matchers\":\"a=\\\"b\\\"\",\"startsAt\":\"yesterday\"}")
                .post(SILENCES), 400, "startsAt must be an ISO-8601 time");
    }

    @Test
    void pathsWithoutAnApiAnswerAJson404AndMethodsWithoutOneA405() {
        expect("an unknown path", asAdmin().get("/api/v1/nothing"), 404, "no API at GET /api/v1/nothing");
        expect("a path of the API with a method it does not have", asAdmin().put("/api/v1/silences"), 405,
                "PUT is not allowed at /api/v1/silences; allowed: [");
        expect("a path beside the API", asAdmin().get("/api/"), 404, "no API at");
    }

    @Test
    void notSignedInIsAJson401WithTheBasicChallenge() {
        Response answer = given().get(SILENCES);
        assertThat(answer.header("WWW-Authenticate")).startsWithIgnoringCase("basic realm=");
        expect("not signed in", answer, 401, "sign in");
    }

    private static RequestSpecification asAdmin() {
        return given().auth().preemptive().basic("admin", "test-admin-password").contentType(ContentType.JSON);
    }

    private static void expect(String what, Response answer, int status, String error) {
        assertThat(answer.statusCode()).as(what + ": status (body %s)", answer.asString()).isEqualTo(status);
        assertThat(answer.contentType()).as(what + ": content type").startsWith("application/json");
        JsonPath body = answer.jsonPath();
        assertThat(body.getInt("status")).as(what + ": status in the body").isEqualTo(status);
        assertThat(body.getString("error")).as(what + ": error").contains(error);
    }
}
