package io.weir.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.weir.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Weir built for PostgreSQL (the database kind is fixed at build time, so this profile re-augments
 * the application with {@code db-kind=postgresql}) migrates and stores its users in the real
 * server on 127.0.0.1:5432; Hibernate validates every entity against the migrated tables.
 */
@QuarkusTest
@TestProfile(PostgresPersistenceTest.OnPostgres.class)
class PostgresPersistenceTest {

    public static class OnPostgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.db-kind", "postgresql",
                    "quarkus.datasource.jdbc.url", TestServices.POSTGRES_JDBC_URL,
                    "quarkus.datasource.username", TestServices.POSTGRES_USER,
                    "quarkus.flyway.clean-disabled", "false",
                    "quarkus.flyway.clean-at-start", "true",
                    // Every entity must match the tables the migrations made on PostgreSQL.
                    "quarkus.hibernate-orm.schema-management.strategy", "validate",
                    "weir.admin.password", "postgres-admin-password");
        }
    }

    @BeforeAll
    static void requirePostgres() {
        TestServices.requireReachable("127.0.0.1", 5432, "PostgreSQL");
    }

    @Test
    void migrationsRunAndAdminHashIsStoredInPostgres() throws SQLException {
        try (Connection db = DriverManager.getConnection(TestServices.POSTGRES_JDBC_URL, TestServices.POSTGRES_USER, "");
                ResultSet migrations = db.createStatement().executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank")) {
            assertThat(migrations.next()).isTrue();
            assertThat(migrations.getString(1)).isEqualTo("1");
            try (ResultSet admin = db.createStatement().executeQuery(
                    "SELECT password_hash, role FROM weir_user WHERE username = 'admin'")) {
                assertThat(admin.next()).isTrue();
                assertThat(admin.getString(1)).startsWith("$2a$").doesNotContain("postgres-admin-password");
                assertThat(admin.getString(2)).isEqualTo("admin");
            }
        }
    }

    @Test
    void adminSignsInAgainstTheHashInPostgres() {
        given().auth().preemptive().basic("admin", "postgres-admin-password").get("/api/v1/sources").then().statusCode(200);
        given().auth().preemptive().basic("admin", "test-admin-password").get("/api/v1/sources").then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
