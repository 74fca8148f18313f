package io.weir.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.testing.HttpReceiver;
import io.weir.testing.PostgresDatabase;
import io.weir.testing.TcpProxy;
import io.weir.testing.WeirProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged PostgreSQL build, clustered, reaching the real PostgreSQL through a proxy the test
 * cuts: readiness goes DOWN naming the database, the leader stops leading once its lease cannot be
 * renewed, and both come back with the database.
 */
class DatabaseOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void unreachableDatabaseMakesTheReplicaUnreadyAndTheLeaderStepDownUntilItAnswers(@TempDir Path dir) throws Exception {
        try (PostgresDatabase database = PostgresDatabase.create("weir_outage_it");
                TcpProxy proxy = TcpProxy.start("127.0.0.1", 5432)) {
            WeirProcess weir = WeirProcess.startPostgresqlBuild(dir, Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.jdbcUrl()
                            .substring(database.jdbcUrl().lastIndexOf('/')),
                    "QUARKUS_DATASOURCE_USERNAME", "postgres",
                    "WEIR_ADMIN_PASSWORD", "outage-password",
                    "WEIR_CLUSTER_ENABLED", "true",
                    "WEIR_CLUSTER_RENEW_INTERVAL", "500ms",
                    "WEIR_CLUSTER_LEASE_DURATION", "2s"));
            try (weir) {
                // What the outage makes fail, each saying the database is gone.
                weir.expectLog("The database does not answer")
                        .expectLog("(?i)connection.*(refused|attempt failed)|Acquisition timeout|I/O error|This connection has been closed")
                        .expectLog("SQLState: 08|Closing connection in incorrect state|ARJUNA0160|Reading the notification outbox failed")
                        .expectLog("Could not archive history this minute");
                HttpReceiver.await("the replica leading", WAIT, () -> leads(weir));
                assertThat(get(weir, "/q/health/ready").statusCode()).isEqualTo(200);

                proxy.stop();
                HttpReceiver.await("readiness DOWN", WAIT, () -> get(weir, "/q/health/ready").statusCode() == 503);
                assertThat(get(weir, "/q/health/ready").body()).contains("Database connections health check", "DOWN");
                HttpReceiver.await("the leader stepping down", WAIT, () -> !leads(weir));
                // Logged once the renewal that hangs on the database gives up; the gauge follows the clock at once.
                HttpReceiver.await("the step-down logged", WAIT, () -> weir.log().stream()
                        .anyMatch(line -> line.contains("is no longer the leader")));

                proxy.resume();
                HttpReceiver.await("readiness UP again", WAIT, () -> get(weir, "/q/health/ready").statusCode() == 200);
                HttpReceiver.await("the replica leading again", WAIT, () -> leads(weir));
                assertThat(weir.log()).anyMatch(line -> line.contains("The database answers again"));
            }
        }
    }

    private boolean leads(WeirProcess weir) {
        return get(weir, "/q/metrics").body().lines().anyMatch(line -> line.equals("weir_leader 1.0"));
    }

    private HttpResponse<String> get(WeirProcess weir, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(weir.baseUrl() + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
