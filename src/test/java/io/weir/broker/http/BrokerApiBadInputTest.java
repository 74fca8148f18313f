package io.weir.broker.http;

import static io.restassured.RestAssured.given;
import static io.weir.broker.http.BrokerApi.BASE;
import static io.weir.broker.http.BrokerApi.asOperator;
import static io.weir.broker.http.BrokerApi.createGroup;
import static io.weir.broker.http.BrokerApi.createTopic;
import static io.weir.broker.http.BrokerApi.publish;
import static io.weir.broker.http.BrokerApi.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Bad input to the broker's HTTP API, case by case: every answer is an error in the JSON shape
 * {@code {status, error}} whose error says what is wrong (and which field, where it is known),
 * never an empty body, a bare status line, a stack trace or a console page. Add a case here for
 * every new endpoint and every bad input found.
 */
@QuarkusTest
class BrokerApiBadInputTest {

    private static final String TOPICS = BASE + "/topics";

    @Test
    void malformedJsonSaysWhereItIsMalformed() {
        expect("malformed JSON", post(TOPICS, "{bad"), 400, "malformed JSON (line 1, column 2)");
        expect("something after the JSON value", post(TOPICS, "{\"name\":\"a\"} x"), 400,
                "malformed JSON (line 1, column 14)");
        expect("no body", asOperator().post(TOPICS), 400, "the request needs a JSON body");
        expect("an array as the body", post(TOPICS, "[]"), 400, "the body must be an object, not an array");
        expect("a misspelt field", post(TOPICS, "{\"name\":\"a\",\"retentionMS\":1}"), 400,
                "unknown field retentionMS (line 1, column 29)");
    }

    @Test
    void wrongTypesInATopicAreNamedByField() {
        expect("a number for the name", post(TOPICS, "{\"name\":123,\"partitions\":\"abc\"}"), 400,
                "name must be a string, not 123 (line 1, column 9)");
        expect("a string for partitions", post(TOPICS, "{\"name\":\"" + uniqueName("t") + "\",\"partitions\":\"3\"}"),
                400, "partitions must be a whole number, not the string \"3\"");
        expect("a fraction for partitions", post(TOPICS, "{\"name\":\"" + uniqueName("t") + "\",\"partitions\":1.5}"),
                400, "partitions must be a whole number, not 1.5");
        expect("an exponent for partitions", post(TOPICS, "{\"name\":\"" + uniqueName("t") + "\",\"partitions\":1e12}"),
                400, "partitions must be a whole number, not 1e12");
        expect("partitions beyond int", post(TOPICS, "{\"name\":\"" + uniqueName("t") + "\",\"partitions\":2147483648}"),
                400, "partitions must be a whole number from -2147483648 to 2147483647");
        expect("maxRecordBytes beyond int", post(TOPICS, "{\"name\":\"" + uniqueName("t")
                + "\",\"config\":{\"maxRecordBytes\":3000000000}}"), 400,
                "config.maxRecordBytes must be a whole number from -2147483648 to 2147483647");
    }

    @Test
    void wrongTypesInAPublishAreNamedByField() {
        String topic = uniqueName("bad-publish");
        createTopic(topic, 1, Map.of());
        String messages = TOPICS + "/" + topic + "/messages";
        expect("a null message", post(messages, "{\"messages\":[null]}"), 400, "messages[0] is null");
        expect("a string for messages", post(messages, "{\"messages\":\"x\"}"), 400,
                "messages must be an array, not the string \"x\"");
        expect("a number for a key", post(messages, "{\"messages\":[{\"key\":5,\"value\":\"v\"}]}"), 400,
                "messages[0].key must be a string, not 5");
        expect("an object for a value", post(messages, "{\"messages\":[{\"value\":{\"a\":1}}]}"), 400,
                "messages[0].value must be a string, not an object");
        expect("a list for headers", post(messages, "{\"messages\":[{\"value\":\"v\",\"headers\":[\"h\"]}]}"), 400,
                "messages[0].headers must be an object, not an array");
        expect("a word for a timestamp", post(messages, "{\"messages\":[{\"value\":\"v\",\"timestamp\":\"yesterday\"}]}"),
                400, "messages[0].timestamp must be an ISO-8601 time such as 2026-01-31T12:00:00Z, not the string \"yesterday\"");
        expect("a message beyond the HTTP body limit", post(messages, "{\"messages\":[{\"value\":\""
                + "x".repeat(20 << 20) + "\"}]}"), 413, "larger than");
        asOperator().get(TOPICS + "/" + topic).then().statusCode(200);
    }

    @Test
    void aChunkedBodyBeyondTheHttpBodyLimitIsAJson413AndNoError() {
        String topic = uniqueName("chunked");
        createTopic(topic, 1, Map.of());
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            RawHttp.Answer answer = RawHttp.postChunked(TOPICS + "/" + topic + "/messages",
                    "{\"messages\":[{\"value\":\"", 12L << 20);
            assertThat(answer.status()).as("answer %s", answer).isEqualTo(413);
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(answer.body()).contains("\"status\":413").contains("larger than the 10485760 bytes");
        } finally {
            root.removeHandler(capture);
        }
        assertThat(errors).as("ERROR log lines").extracting(LogRecord::getMessage).isEmpty();
        assertThat(asOperator().get(TOPICS + "/" + topic).jsonPath().getLong("messages")).isZero();
    }

    @Test
    void badCommitsAndFetchesAreNamed() {
        String topic = uniqueName("bad-consume");
        createTopic(topic, 1, Map.of());
        createGroup(topic, "g", "ordered", Map.of());
        String group = TOPICS + "/" + topic + "/groups/g";
        expect("a partition that is no number", post(group + "/commit", "{\"offsets\":{\"x\":1}}"), 400,
                "each key of offsets must be a whole number, not \"x\"");
        expect("a commit without its consumer", post(group + "/commit", "{\"offsets\":{\"0\":0}}"), 400,
                "consumer is required");
        expect("a max beyond any number", asOperator().post(group + "/fetch?consumer=c&max=99999999999"), 400,
                "max must be a whole number from 1 to 1000: 99999999999");
        expect("base64 that is no boolean", asOperator().post(group + "/fetch?consumer=c&base64=yes"), 400,
                "base64 must be true or false: yes");
    }

    @Test
    void pathsWithoutAnApiAnswer404AndNeverTheConsole() {
        for (String method : List.of("GET", "POST", "DELETE")) {
            for (String path : List.of(TOPICS + "/..", TOPICS + "/%2e%2e", TOPICS + "/../messages", BASE + "/nothing")) {
                RawHttp.Answer answer = RawHttp.send(method, path);
                assertThat(answer.status()).as(method + " " + path).isEqualTo(404);
                assertThat(answer.contentType()).as(method + " " + path).startsWith("application/json");
                assertThat(answer.body()).as(method + " " + path).contains("\"status\":404").contains("no API at");
            }
        }
    }

    @Test
    void aNameNoTopicCanHaveIsA400Everywhere() {
        RawHttp.Answer answer = RawHttp.send("GET", TOPICS + "/..%2F..%2Fetc");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).contains("topic name must be 1 to 200 of [A-Za-z0-9._-]: ../../etc");
        String topic = uniqueName("names");
        createTopic(topic, 1, Map.of());
        expect("a group name no group can have", asOperator().urlEncodingEnabled(false)
                .get(TOPICS + "/" + topic + "/groups/a%20b"), 400, "group name must be");
    }

    @Test
    void notSignedInIsAJson401WithTheBasicChallenge() {
        Response answer = given().get(TOPICS);
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.header("WWW-Authenticate")).as("the challenge").startsWithIgnoringCase("basic realm=");
        expect("not signed in", answer, 401, "sign in");
        expect("a wrong password", given().auth().preemptive().basic("admin", "wrong").get(TOPICS), 401, "sign in");
    }

    @Test
    void retryOfStoredMessagesAtAFullTopicIsADuplicateNotA429() {
        String topic = uniqueName("full");
        createTopic(topic, 1, Map.of("maxMessages", 1));
        publish(topic, List.of(Map.of("value", "v", "messageId", "only")));
        JsonPath retried = publish(topic, List.of(Map.of("value", "v", "messageId", "only")));
        assertThat(retried.getBoolean("results[0].duplicate")).isTrue();
        expect("a new message at the limit", post(TOPICS + "/" + topic + "/messages",
                "{\"messages\":[{\"value\":\"w\"}]}"), 429, "is full");
    }

    private static Response post(String path, String body) {
        return asOperator().body(body).post(path);
    }

    private static void expect(String what, Response answer, int status, String error) {
        assertThat(answer.statusCode()).as(what + ": status (body %s)", abbreviated(answer)).isEqualTo(status);
        assertThat(answer.contentType()).as(what + ": content type").startsWith("application/json");
        JsonPath body = answer.jsonPath();
        assertThat(body.getInt("status")).as(what + ": status in the body").isEqualTo(status);
        assertThat(body.getString("error")).as(what + ": error").contains(error);
    }

    private static String abbreviated(Response answer) {
        String body = answer.asString();
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
