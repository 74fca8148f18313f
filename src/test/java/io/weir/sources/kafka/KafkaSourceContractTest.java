package io.weir.sources.kafka;

import io.weir.sources.BrokerSourceContract;
import io.weir.testing.TestServices;
import org.junit.jupiter.api.BeforeAll;

class KafkaSourceContractTest extends BrokerSourceContract {

    @BeforeAll
    static void requireKafka() {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
    }

    @Override
    protected BrokerFixture createFixture() {
        return new KafkaFixture();
    }
}
