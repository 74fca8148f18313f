package io.weir.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Posts a JSON body and classifies the answer the same way for every channel: the channel says
 * which answers count as delivered; a network error, a timeout, a 5xx or a 429 is worth retrying
 * (with the receiver's {@code Retry-After}, in seconds or as an HTTP date); anything else is
 * permanent. Thread-safe; blocks for at most {@code timeout}.
 */
public final class JsonPost {

    /** Longest part of a receiver's answer kept for the notification history. */
    static final int MAX_ANSWER = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final URI url;
    private final Duration timeout;

    public JsonPost(HttpClient client, URI url, Duration timeout) {
        this.client = client;
        this.url = url;
        this.timeout = timeout;
    }

    public URI url() {
        return url;
    }

    /** Sends {@code body} (serialized with Jackson) and classifies the answer. */
    public SendResult send(Object body, Predicate<HttpResponse<String>> delivered) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return new SendResult.Permanent("could not write the request: " + e.getMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Weir")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new SendResult.Retryable(describe(e), Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendResult.Retryable("interrupted while sending", Optional.empty());
        }
        String answer = shorten(response.statusCode() + " " + response.body());
        if (delivered.test(response)) {
            return new SendResult.Delivered(answer);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            return new SendResult.Retryable(answer, response.headers().firstValue("Retry-After").flatMap(JsonPost::retryAfter));
        }
        return new SendResult.Permanent(answer);
    }

    /** A {@code Retry-After} value: seconds, or an HTTP date (then the time left until it). */
    static Optional<Duration> retryAfter(String value) {
        String trimmed = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(trimmed))));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration left = Duration.between(Instant.now(), at);
                return Optional.of(left.isNegative() ? Duration.ZERO : left);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private String describe(IOException e) {
        String where = url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms from " + where;
        }
        if (e instanceof ConnectException) {
            return shorten("ConnectException: could not connect to " + where);
        }
        return shorten(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " (" + where + ")");
    }

    private static String shorten(String text) {
        return text.length() <= MAX_ANSWER ? text : text.substring(0, MAX_ANSWER) + "…";
    }
}
