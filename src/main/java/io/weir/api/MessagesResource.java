package io.weir.api;

import io.weir.operations.browse.BrowseException;
import io.weir.operations.browse.BrowseRequest;
import io.weir.operations.browse.BrowseResult;
import io.weir.operations.browse.BrowsedMessage;
import io.weir.operations.browse.CelCondition;
import io.weir.operations.browse.DeadLetterOrigin;
import io.weir.operations.browse.MessageBrowsing;
import io.weir.operations.browse.MessageFilter;
import io.weir.operations.browse.SavedFilter;
import io.weir.operations.browse.ScanListener;
import io.quarkus.security.identity.SecurityIdentity;
import io.weir.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Browses and searches the stored messages of a Kafka or built-in broker topic. Only reads: no
 * offset is committed, no group joined, no message moved. Each call scans at most
 * {@code weir.operations.browse.max-scan} messages for at most {@code max-seconds}.
 */
@Path("/api/v1/sources/{source}/queues/{queue}/messages")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class MessagesResource {

    /** Values longer than this are cut in the answer unless {@code maxValueBytes} asks for more. */
    static final int DEFAULT_VALUE_BYTES = 65_536;
    static final int MAX_VALUE_BYTES = 16 << 20;

    private final MessageBrowsing browsing;
    private final SecurityIdentity identity;

    MessagesResource(MessageBrowsing browsing, SecurityIdentity identity) {
        this.browsing = browsing;
        this.identity = identity;
    }

    /** A dead letter's origin, decoded from its headers. */
    public record DeadLetterJson(String format, String destination, Integer partition, Long offset, String group,
            Integer attempts, String reason, Instant time) {

        static DeadLetterJson of(DeadLetterOrigin o) {
            return new DeadLetterJson(o.format(), o.destination(), o.partition(), o.offset(), o.group(),
                    o.attempts() < 0 ? null : o.attempts(), o.reason(), o.time());
        }
    }

    /**
     * One message. The value is {@code valueText} when it is UTF-8 text, else {@code valueBase64};
     * {@code size} is its full size in bytes and {@code truncated} says the value was cut at
     * {@code maxValueBytes}. Header values are UTF-8 text ({@code base64:...} when they are not).
     * {@code hidden} says the source hides this topic's payloads from the caller: both value fields
     * are then null, and {@code size} is still the payload's size.
     */
    public record MessageJson(int partition, long offset, Instant timestamp, String key, Map<String, String> headers,
            DeadLetterJson deadLetter, String valueText, String valueBase64, int size, boolean truncated, boolean hidden) {
    }

    /** Where the next page starts: pass {@code position} with the same other parameters. */
    public record NextJson(String position, Map<Integer, Long> offsets) {
    }

    /** One page: the matches, how many messages were read, and whether the range was read to its end. */
    public record PageJson(List<MessageJson> messages, long scanned, long matched, NextJson next, boolean complete,
            String stopped) {
    }

    @GET
    @Operation(summary = "Browse and search a topic's messages",
            description = "Oldest first (default) or newest first, across all partitions merged by timestamp or in one"
                    + " partition; from an offset, a date-time or a previous page's position. Filters run on the server;"
                    + " all given must match. Scans at most weir.operations.browse.max-scan messages for at most"
                    + " weir.operations.browse.max-seconds; `stopped` says why a page ended and `next` where to go on.")
    @APIResponse(responseCode = "200", description = "A page of matches")
    @APIResponse(responseCode = "400", description = "A parameter is invalid (a CEL compile error says what and where),"
            + " or the source's kind cannot be browsed")
    @APIResponse(responseCode = "403", description = "A filter reads payloads the source hides from the caller")
    @APIResponse(responseCode = "404", description = "No such source, topic or saved filter")
    @APIResponse(responseCode = "503", description = "The broker could not be read")
    public PageJson browse(@PathParam("source") String source, @PathParam("queue") String queue,
            @Parameter(description = "Only this partition") @QueryParam("partition") String partition,
            @Parameter(description = "Start offset (in each partition read); newest first: the newest offset to read")
            @QueryParam("offset") String offset,
            @Parameter(description = "ISO-8601 time: only messages at or after it (oldest first starts there)")
            @QueryParam("from") String from,
            @Parameter(description = "ISO-8601 time: only messages at or before it (newest first starts there)")
            @QueryParam("until") String until,
            @Parameter(description = "oldest (default) or newest") @QueryParam("order") String order,
            @Parameter(description = "Most matches to return, 1 to 1000 (default 50)") @QueryParam("limit") String limit,
            @Parameter(description = "A previous page's next.position") @QueryParam("position") String position,
            @Parameter(description = "The key, compared as keyMatch says") @QueryParam("key") String key,
            @Parameter(description = "exact (default) or contains") @QueryParam("keyMatch") String keyMatch,
            @Parameter(description = "name, or name:value, of a header that must be present") @QueryParam("header") String header,
            @Parameter(description = "Plain text in the value, key or a header value (case-sensitive)") @QueryParam("text") String text,
            @Parameter(description = "Java regular expression found in the value") @QueryParam("regex") String regex,
            @Parameter(description = "A field of a JSON value: $.a.b") @QueryParam("jsonPath") String jsonPath,
            @Parameter(description = "... and its value (without it, the field must exist)") @QueryParam("jsonValue") String jsonValue,
            @Parameter(description = "A CEL expression that must be true, over key, value, valueJson, headers, partition,"
                    + " offset and timestamp, e.g. headers[\"type\"] == \"refund\" && offset > 100") @QueryParam("cel") String cel,
            @Parameter(description = "The name of one of the source's saved filters (GET .../saved-filters); filter"
                    + " parameters given as well replace its own") @QueryParam("saved") String saved,
            @Parameter(description = "Most messages to read, up to the configured maximum") @QueryParam("maxScan") String maxScan,
            @Parameter(description = "Cut values longer than this many bytes (default 65536)")
            @QueryParam("maxValueBytes") String maxValueBytes) throws InterruptedException {
        Map<String, String> defaults = saved == null ? Map.of() : browsing.savedFilter(source, saved)
                .map(SavedFilter::parameters).orElseThrow(() -> new NotFoundException("source " + source
                        + " has no saved filter named '" + saved + "'"));
        key = or(key, defaults, "key");
        keyMatch = or(keyMatch, defaults, "keyMatch");
        header = or(header, defaults, "header");
        text = or(text, defaults, "text");
        regex = or(regex, defaults, "regex");
        jsonPath = or(jsonPath, defaults, "jsonPath");
        jsonValue = or(jsonValue, defaults, "jsonValue");
        cel = or(cel, defaults, "cel");
        from = or(from, defaults, "from");
        until = or(until, defaults, "until");
        BrowseRequest request;
        int valueBytes;
        try {
            MessageFilter filter = new MessageFilter(key, enumValue("keyMatch", keyMatch, MessageFilter.KeyMatch.EXACT),
                    MessageFilter.headerName(header), MessageFilter.headerValue(header),
                    text, regex == null ? null : MessageFilter.regex(regex), jsonPath == null ? null : MessageFilter.jsonPath(jsonPath),
                    jsonValue, time("from", from), time("until", until), cel == null ? null : CelCondition.compile(cel));
            if (jsonValue != null && jsonPath == null) {
                throw new IllegalArgumentException("jsonValue needs a jsonPath");
            }
            BrowseRequest.Order sort = order == null || order.equals("oldest") ? BrowseRequest.Order.OLDEST_FIRST
                    : order.equals("newest") ? BrowseRequest.Order.NEWEST_FIRST : null;
            if (sort == null) {
                throw new IllegalArgumentException("order must be oldest or newest: " + order);
            }
            request = new BrowseRequest(integer("partition", partition), number("offset", offset),
                    position == null ? null : BrowseRequest.parsePosition(position), sort,
                    limit == null ? 50 : integer("limit", limit), filter, maxScan == null ? 0 : number("maxScan", maxScan));
            valueBytes = maxValueBytes == null ? DEFAULT_VALUE_BYTES : integer("maxValueBytes", maxValueBytes);
            if (valueBytes < 0 || valueBytes > MAX_VALUE_BYTES) {
                throw new IllegalArgumentException("maxValueBytes must be 0 to " + MAX_VALUE_BYTES + ": " + valueBytes);
            }
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        try {
            BrowseResult result = browsing.browse(source, queue, request, identity::hasRole, ScanListener.NONE,
                    () -> false);
            return new PageJson(result.messages().stream().map(m -> json(m, valueBytes)).toList(), result.scanned(),
                    result.matched(), result.next().map(p -> new NextJson(BrowseRequest.formatPosition(p), p)).orElse(null),
                    result.complete(), result.stop().name().toLowerCase(Locale.ROOT));
        } catch (BrowseException e) {
            throw switch (e.reason()) {
                case UNKNOWN_SOURCE, UNKNOWN_QUEUE -> new NotFoundException(e.getMessage());
                case BAD_REQUEST, NOT_SUPPORTED -> new BadRequestException(e.getMessage());
                case REFUSED -> new ForbiddenException(e.getMessage());
                case UNAVAILABLE -> new WebApplicationException(e.getMessage(), Response.Status.SERVICE_UNAVAILABLE);
            };
        }
    }

    /** A saved filter's parameter where the request does not give its own. */
    private static String or(String given, Map<String, String> saved, String name) {
        return given != null ? given : saved.get(name);
    }

    static MessageJson json(BrowsedMessage m, int maxValueBytes) {
        Map<String, String> headers = new LinkedHashMap<>();
        m.headers().forEach(h -> headers.put(h.name(), utf8(h.value()).orElseGet(() -> "base64:" + base64(h.value()))));
        if (m.payloadHidden()) {
            return new MessageJson(m.partition(), m.offset(), m.timestamp(), m.keyText(), headers,
                    m.deadLetter().map(DeadLetterJson::of).orElse(null), null, null, m.size(), false, true);
        }
        boolean truncated = m.value().length > maxValueBytes;
        byte[] value = truncated ? Arrays.copyOf(m.value(), maxValueBytes) : m.value();
        // A cut can split a UTF-8 character: text is judged on the whole value.
        boolean isText = utf8(m.value()).isPresent();
        String valueText = isText ? new String(value, StandardCharsets.UTF_8) : null;
        return new MessageJson(m.partition(), m.offset(), m.timestamp(), m.keyText(), headers,
                m.deadLetter().map(DeadLetterJson::of).orElse(null), valueText, isText ? null : base64(value), m.size(),
                truncated, false);
    }

    private static java.util.Optional<String> utf8(byte[] bytes) {
        try {
            return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static Instant time(String name, String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 time like 2026-05-01T12:00:00Z: " + value);
        }
    }

    private static Integer integer(String name, String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: " + value);
        }
    }

    private static Long number(String name, String value) {
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number: " + value);
        }
    }

    private static <E extends Enum<E>> E enumValue(String name, String value, E fallback) {
        if (value == null) {
            return fallback;
        }
        for (E constant : fallback.getDeclaringClass().getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException(name + " must be one of " + Arrays.toString(fallback.getDeclaringClass().getEnumConstants())
                .toLowerCase(Locale.ROOT) + ": " + value);
    }
}
