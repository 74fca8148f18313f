package io.weir.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testing.WeirProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged app on its embedded defaults: the first admin password is generated, shown once, and kept. */
class AdminPasswordIT {

    private static final Pattern GENERATED = Pattern.compile("Generated the initial password of user 'admin': (\\S+)");

    @Test
    void firstStartPrintsAGeneratedPasswordOnceAndItStillWorksAfterARestart(@TempDir Path dir) throws Exception {
        try (WeirProcess weir = WeirProcess.start(dir, Map.of())) {
            // Logged at WARN on purpose: the one line a new user must not miss.
            weir.expectLog("Generated the initial password of user 'admin'");
            String password = generatedPassword(weir.log());
            assertThat(password).hasSizeGreaterThanOrEqualTo(16);
            assertThat(status(weir, "admin", password)).isEqualTo(200);
            assertThat(status(weir, "admin", "admin")).isEqualTo(401);
            assertThat(status(weir, "admin", "")).isEqualTo(401);

            weir.restart();
            assertThat(weir.log()).noneMatch(line -> GENERATED.matcher(line).find());
            assertThat(String.join("\n", weir.log())).doesNotContain(password);
            assertThat(status(weir, "admin", password)).isEqualTo(200);
        }
    }

    @Test
    void everythingButHealthAndMetricsNeedsSignIn(@TempDir Path dir) throws Exception {
        try (WeirProcess weir = WeirProcess.start(dir, Map.of("WEIR_ADMIN_PASSWORD", "chosen-password-1"))) {
            assertThat(get(weir, "/q/health/ready", null)).isEqualTo(200);
            assertThat(get(weir, "/q/health/live", null)).isEqualTo(200);
            assertThat(get(weir, "/q/metrics", null)).isEqualTo(200);
            assertThat(get(weir, "/api/v1/sources", null)).isEqualTo(401);
            assertThat(get(weir, "/q/openapi", null)).isEqualTo(401);
            assertThat(status(weir, "admin", "chosen-password-1")).isEqualTo(200);
        }
    }

    private static String generatedPassword(List<String> log) {
        for (String line : log) {
            Matcher matcher = GENERATED.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no generated password in the log:\n" + String.join("\n", log));
    }

    private static int status(WeirProcess weir, String user, String password) throws Exception {
        return get(weir, "/api/v1/sources", Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static int get(WeirProcess weir, String path, String basic) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(weir.baseUrl() + path));
        if (basic != null) {
            request.header("Authorization", "Basic " + basic);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
