package io.weir.broker.http;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests to the running test instance's broker API, as the test profile's users. */
final class BrokerApi {

    static final String BASE = "/api/broker/v1";

    private BrokerApi() {
    }

    /** The admin user, who has the role operator. */
    static RequestSpecification asOperator() {
        return given().auth().preemptive().basic("admin", "test-admin-password").contentType(ContentType.JSON);
    }

    /** vera has the role viewer only. */
    static RequestSpecification asViewer() {
        return given().auth().preemptive().basic("vera", "viewer-password").contentType(ContentType.JSON);
    }

    /** A topic name no earlier run used (the test data directory outlives runs). */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void createTopic(String topic, int partitions, Map<String, Object> config) {
        asOperator().body(Map.of("name", topic, "partitions", partitions, "config", config))
                .post(BASE + "/topics").then().statusCode(201);
    }

    static void createGroup(String topic, String group, String mode, Map<String, Object> config) {
        asOperator().body(Map.of("name", group, "mode", mode, "config", config))
                .post(BASE + "/topics/" + topic + "/groups").then().statusCode(201);
    }

    static JsonPath publish(String topic, List<Map<String, Object>> messages) {
        return asOperator().body(Map.of("messages", messages))
                .post(BASE + "/topics/" + topic + "/messages").then().statusCode(200).extract().jsonPath();
    }

    static JsonPath describeGroup(String topic, String group) {
        return asViewer().get(BASE + "/topics/" + topic + "/groups/" + group).then().statusCode(200)
                .extract().jsonPath();
    }
}
