package io.weir.broker.http;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The query of a fetch or receive: who asks, for how many messages, how long to wait and whether to write keys and values in base64. */
public class PollQuery {

    /** Longest wait: a waiting request holds a worker thread. */
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    static final int MAX_MESSAGES = 1000;
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s)?");

    @QueryParam("consumer")
    @Parameter(description = "The consumer's ID, chosen by the consumer; required")
    String consumer;

    // Text, not int: JAX-RS answers a query parameter it cannot convert with a bare 404
    @QueryParam("max")
    @DefaultValue("100")
    @Parameter(description = "Most messages to answer, 1 to 1000")
    String max;

    @QueryParam("wait")
    @Parameter(description = "How long to wait for a message: 500ms, 5s or PT5S, at most 30s; none by default")
    String wait;

    @QueryParam("base64")
    @DefaultValue("false")
    @Parameter(description = "true: keys and values always in base64; by default as text where they are UTF-8")
    String base64;

    String consumer() {
        return Required.field(consumer, "consumer");
    }

    int max() {
        int n = max.matches("\\d{1,4}") ? Integer.parseInt(max) : -1;
        if (n < 1 || n > MAX_MESSAGES) {
            throw new IllegalArgumentException("max must be a whole number from 1 to " + MAX_MESSAGES + ": " + max);
        }
        return n;
    }

    /** {@code 500ms}, {@code 5s}, a bare number of seconds, or ISO-8601 ({@code PT5S}). */
    Duration waitTime() {
        if (wait == null || wait.isEmpty()) {
            return Duration.ZERO;
        }
        Duration time;
        Matcher m = SHORT_DURATION.matcher(wait);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            time = "ms".equals(m.group(2)) ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
        } else {
            try {
                time = Duration.parse(wait);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("wait must look like 500ms, 5s or PT5S: " + wait);
            }
        }
        if (time.isNegative() || time.compareTo(MAX_WAIT) > 0) {
            throw new IllegalArgumentException("wait must be between 0 and " + MAX_WAIT.toSeconds() + "s: " + wait);
        }
        return time;
    }

    boolean base64() {
        if (!base64.equals("true") && !base64.equals("false")) {
            throw new IllegalArgumentException("base64 must be true or false: " + base64);
        }
        return base64.equals("true");
    }
}
