package io.weir.sources.rabbitmq;

import io.weir.sources.BrokerSourceContract;
import io.weir.testing.TestServices;
import org.junit.jupiter.api.BeforeAll;

/** The shared source contract against the shared RabbitMQ node. */
class RabbitMqSourceContractTest extends BrokerSourceContract {

    @BeforeAll
    static void requireRabbitMq() {
        TestServices.requireReachable(TestServices.RABBITMQ_HOST, TestServices.RABBITMQ_AMQP_PORT, "RabbitMQ (AMQP)");
        TestServices.requireReachable(TestServices.RABBITMQ_HOST, 15672, "the RabbitMQ management API");
    }

    @Override
    protected BrokerFixture createFixture() throws Exception {
        return new RabbitMqFixture();
    }
}
