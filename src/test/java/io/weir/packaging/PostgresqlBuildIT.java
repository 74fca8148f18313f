package io.weir.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.testing.TestServices;
import io.weir.testing.WeirProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second application the build makes, {@code target/quarkus-app-postgresql} (what the container
 * image runs with {@code WEIR_DATABASE_KIND=postgresql}), runs on the real PostgreSQL with nothing
 * but run-time settings; the H2 build refuses the same settings, so the two really differ.
 */
class PostgresqlBuildIT {

    private static final String DATABASE = "weir_postgresql_build_it";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/" + DATABASE;

    @BeforeAll
    static void freshDatabase() throws SQLException {
        TestServices.requireReachable("127.0.0.1", 5432, "PostgreSQL");
        try (Connection db = DriverManager.getConnection(ADMIN_URL, TestServices.POSTGRES_USER, "")) {
            db.createStatement().execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            db.createStatement().execute("CREATE DATABASE " + DATABASE);
        }
    }

    @Test
    void postgresqlBuildMigratesAndSignsInOnPostgresqlWithRunTimeSettingsOnly(@TempDir Path dir) throws Exception {
        Map<String, String> environment = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", JDBC_URL,
                "QUARKUS_DATASOURCE_USERNAME", TestServices.POSTGRES_USER,
                "WEIR_ADMIN_PASSWORD", "postgresql-build-password");
        try (WeirProcess weir = WeirProcess.startPostgresqlBuild(dir, environment)) {
            assertThat(status(weir, "/q/health/ready", null)).isEqualTo(200);
            assertThat(status(weir, "/api/v1/sources", "postgresql-build-password")).isEqualTo(200);
        }
        try (Connection db = DriverManager.getConnection(JDBC_URL, TestServices.POSTGRES_USER, "");
                ResultSet admin = db.createStatement().executeQuery(
                        "SELECT password_hash FROM weir_user WHERE username = 'admin'")) {
            assertThat(admin.next()).as("admin row in PostgreSQL").isTrue();
            assertThat(admin.getString(1)).startsWith("$2a$");
        }
    }

    @Test
    void h2BuildRefusesAPostgresqlUrl(@TempDir Path dir) {
        Map<String, String> environment = Map.of(
                "QUARKUS_DATASOURCE_JDBC_URL", JDBC_URL,
                "QUARKUS_DATASOURCE_USERNAME", TestServices.POSTGRES_USER);
        assertThatThrownBy(() -> WeirProcess.start(dir, environment).close())
                .hasMessageContaining("Driver does not support the provided URL");
    }

    private static int status(WeirProcess weir, String path, String adminPassword) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(weir.baseUrl() + path));
        if (adminPassword != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
