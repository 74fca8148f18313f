package io.weir.bench.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.testing.WeirProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Weir's REST API as the benchmark's admin user sees it. */
final class WeirApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WeirProcess weir;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    WeirApi(WeirProcess weir, String password) {
        this.weir = weir;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(("admin:" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Sends one request and returns its JSON answer; any other status than {@code expected} is an error. */
    JsonNode call(String method, String path, String body, int expected, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(weir.baseUrl() + path))
                .header("Authorization", authorization).header("Content-Type", "application/json").timeout(timeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** Starts a replay of every dead letter of {@code queue} to its original destination; returns the job's ID. */
    String replayAll(String source, String queue) throws IOException, InterruptedException {
        return call("POST", "/api/v1/replays", "{\"source\":\"" + source + "\",\"queue\":\"" + queue
                + "\",\"dryRun\":false}", 202, Duration.ofSeconds(30)).get("id").asText();
    }

    /**
     * Polls the job every 20 ms until it ended; a job that did not finish is an error. Called once
     * the destination holds every message: each request costs Weir a bcrypt check of the basic-auth
     * password (tens of milliseconds of CPU), so polling it all along would slow the job it times.
     */
    JsonNode awaitFinished(String job, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode state = call("GET", "/api/v1/replays/" + job, null, 200, Duration.ofSeconds(30));
            switch (state.get("state").asText()) {
                case "finished" -> {
                    return state;
                }
                case "running", "paused" -> {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("replay job " + job + " did not finish within " + limit + ": " + state);
                    }
                    Thread.sleep(20);
                }
                default -> throw new IllegalStateException("replay job " + job + " ended " + state);
            }
        }
    }
}
