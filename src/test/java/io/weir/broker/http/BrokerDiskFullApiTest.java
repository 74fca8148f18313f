package io.weir.broker.http;

import static io.weir.broker.http.BrokerApi.BASE;
import static io.weir.broker.http.BrokerApi.asOperator;
import static io.weir.broker.http.BrokerApi.asViewer;
import static io.weir.broker.http.BrokerApi.createTopic;
import static io.weir.broker.http.BrokerApi.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A broker whose disk has less free space than its limit (here: more than any disk has) refuses publishes with 507. */
@QuarkusTest
@TestProfile(BrokerDiskFullApiTest.DiskShort.class)
class BrokerDiskFullApiTest {

    public static class DiskShort implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("weir.broker.min-free-disk-bytes", Long.toString(Long.MAX_VALUE));
        }
    }

    @Test
    void publishIsRefusedWith507SayingHowMuchDiskIsFreeAndNothingIsStored() {
        String topic = uniqueName("disk");
        createTopic(topic, 1, Map.of());

        asOperator().body(Map.of("messages", List.of(Map.of("value", "x")))).post(BASE + "/topics/" + topic + "/messages")
                .then().statusCode(507).body("status", equalTo(507))
                .body("error", containsString("refuses publishes: only"))
                .body("error", containsString("below the broker's limit"));
        asViewer().get(BASE + "/topics/" + topic).then().statusCode(200).body("messages", equalTo(0))
                .body("partitions[0].storageFailed", equalTo(false));
    }
}
