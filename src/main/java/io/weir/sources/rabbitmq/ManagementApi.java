package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A small client for the RabbitMQ management HTTP API: GETs that return JSON, and the POST of a
 * queue peek and the DELETE of a purge, each bounded by the source's timeout, with failures turned
 * into sentences an operator can act on. Thread-safe.
 */
final class ManagementApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SourceSettings settings;
    private final HttpClient http;
    private final String authorization;

    ManagementApi(SourceSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String user = settings.username().orElse("guest");
        String password = settings.password().orElse("");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One path segment, such as a virtual host name, encoded for a URL: the default vhost
     * {@code /} becomes {@code %2F}. Spaces become {@code %20}, not the form encoding's {@code +},
     * which RabbitMQ would read as a plus sign.
     */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GETs {@code path} (e.g. {@code /api/overview}) and parses the JSON answer. */
    JsonNode get(String path) throws SourceUnavailableException, InterruptedException {
        return json(path, send(path, HttpRequest.BodyPublishers.noBody(), "GET"));
    }

    /** GETs {@code path} as {@link #get} does, or answers {@code null} when RabbitMQ has no such object (404). */
    JsonNode find(String path) throws SourceUnavailableException, InterruptedException {
        HttpResponse<byte[]> response = send(path, HttpRequest.BodyPublishers.noBody(), "GET");
        return response.statusCode() == 404 ? null : json(path, response);
    }

    /**
     * POSTs {@code body} as JSON to {@code path} and parses the answer; an answer other than 200
     * fails with RabbitMQ's own reason (its {@code reason} field).
     */
    JsonNode post(String path, Object body) throws SourceUnavailableException, InterruptedException {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("plain maps always serialize", e);
        }
        return json(path, send(path, HttpRequest.BodyPublishers.ofByteArray(json), "POST"));
    }

    /** DELETEs {@code path}; returns false when there was nothing at it (404). */
    boolean delete(String path) throws SourceUnavailableException, InterruptedException {
        HttpResponse<byte[]> response = send(path, HttpRequest.BodyPublishers.noBody(), "DELETE");
        if (response.statusCode() == 404) {
            return false;
        }
        if (response.statusCode() / 100 != 2) {
            throw failed(path, response);
        }
        return true;
    }

    private JsonNode json(String path, HttpResponse<byte[]> response) throws SourceUnavailableException {
        if (response.statusCode() != 200) {
            throw failed(path, response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SourceUnavailableException(settings.address() + path
                    + " did not answer JSON: is this the management API?", e);
        }
    }

    /**
     * GETs {@code path} for its status code alone, for endpoints whose answer is the status, such
     * as the health checks (200 passing, 503 failing). Unreachable servers and refused
     * credentials still fail with a reason, as in {@link #get}.
     */
    int status(String path) throws SourceUnavailableException, InterruptedException {
        return send(path, HttpRequest.BodyPublishers.noBody(), "GET").statusCode();
    }

    /** RabbitMQ's answer to a failed request names the cause in {@code reason}: pass it on. */
    private static SourceUnavailableException failed(String path, HttpResponse<byte[]> response) {
        String reason = "";
        try {
            reason = JSON.readTree(response.body()).path("reason").asText("");
        } catch (IOException e) {
            // Not JSON: the status alone says enough.
        }
        return new SourceUnavailableException("RabbitMQ answered HTTP " + response.statusCode() + " to " + path
                + (reason.isEmpty() ? "" : ": " + reason));
    }

    private HttpResponse<byte[]> send(String path, HttpRequest.BodyPublisher body, String method)
            throws SourceUnavailableException, InterruptedException {
        String url = settings.address() + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(settings.timeout())
                .header("Authorization", authorization)
                // RabbitMQ answers a DELETE that asks for JSON with 406: it has no body to give.
                .header("Accept", method.equals("DELETE") ? "*/*" : "application/json")
                .header("Content-Type", "application/json")
                .method(method, body)
                .build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new SourceUnavailableException("could not connect to " + settings.address() + " within "
                    + settings.timeout().toMillis() + " ms", e);
        } catch (HttpTimeoutException e) {
            throw new SourceUnavailableException("no answer from " + url + " within "
                    + settings.timeout().toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new SourceUnavailableException("connection refused at " + settings.address()
                    + ": is RabbitMQ running with the management plugin enabled?", e);
        } catch (IOException e) {
            throw new SourceUnavailableException("cannot reach " + url + ": " + e, e);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new SourceUnavailableException("RabbitMQ refused the credentials of user '"
                    + settings.username().orElse("guest") + "' (HTTP 401): check the source's username and password");
        }
        if (status == 403) {
            throw new SourceUnavailableException("user '" + settings.username().orElse("guest") + "' may not "
                    + (method.equals("GET") ? "read " + path + " (HTTP 403): give it the 'monitoring' tag"
                            : "change " + path + " (HTTP 403): it needs the 'management' tag and read and write"
                                    + " permissions on the queue's virtual host"));
        }
        return response;
    }
}
