package io.weir.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * The console signs in with its form and is answered with redirects, while the API, on HTTP Basic
 * only, answers 401 with a JSON body (see the API's bad-input tests).
 */
@QuarkusTest
class SignInTest {

    @Test
    void formSignInRedirectsToTheConsoleWithASessionCookie() {
        Response signedIn = signIn("test-admin-password");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.header("Location")).endsWith("/");
        assertThat(signedIn.cookie("quarkus-credential")).isNotEmpty();
    }

    @Test
    void wrongPasswordInTheFormRedirectsToTheLoginPageWithAnError() {
        Response refused = signIn("wrong");
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.header("Location")).endsWith("/login?error");
        assertThat(refused.header("WWW-Authenticate")).isNull();
    }

    private static Response signIn(String password) {
        return given().redirects().follow(false).contentType("application/x-www-form-urlencoded")
                .formParam("username", "admin").formParam("password", password).post("/j_security_check");
    }
}
