package io.weir.broker.http;

import static io.weir.broker.http.BrokerApi.BASE;
import static io.weir.broker.http.BrokerApi.asOperator;
import static io.weir.broker.http.BrokerApi.asViewer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weir run as a console only ({@code weir.broker.enabled=false}): the broker API says so, in JSON. */
@QuarkusTest
@TestProfile(BrokerDisabledApiTest.BrokerDisabled.class)
class BrokerDisabledApiTest {

    public static class BrokerDisabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("weir.broker.enabled", "false");
        }
    }

    @Test
    void everyBrokerCallAnswers503SayingTheBrokerIsNotRunning() {
        asViewer().get(BASE + "/topics").then().statusCode(503).body("status", equalTo(503))
                .body("error", containsString("built-in broker is not running"));
        asOperator().body(Map.of("messages", List.of(Map.of("value", "x")))).post(BASE + "/topics/orders/messages")
                .then().statusCode(503).body("error", containsString("weir.broker.enabled=false"));
        asOperator().post(BASE + "/topics/orders/groups/billing/fetch?consumer=c&wait=0s").then().statusCode(503)
                .body("status", equalTo(503));
    }
}
