package io.weir.sources.rabbitmq;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.weir.core.SourceKind;
import io.weir.sources.BrokerSource;
import io.weir.sources.BrokerSourceContract;
import io.weir.sources.SourceSettings;
import io.weir.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared RabbitMQ, reached with the AMQP client in the default vhost {@code /}. Everything it
 * declares is deleted on {@link #close()}, since other people's tests use the same node.
 */
final class RabbitMqFixture implements BrokerSourceContract.BrokerFixture {

    private static final String VHOST = "/";
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    private final Connection connection;
    private final Channel channel;
    private final RabbitMqSource source = new RabbitMqSource(settings(TestServices.RABBITMQ_MANAGEMENT_URL,
            Optional.empty(), Duration.ofSeconds(5)));
    private final List<String> queues = new ArrayList<>();
    private final List<String> exchanges = new ArrayList<>();

    RabbitMqFixture() throws Exception {
        connection = connect();
        channel = connection.createChannel();
        channel.confirmSelect();
    }

    /** Settings of a RabbitMQ source at {@code url}, as configuration would give them. */
    static SourceSettings settings(String url, Optional<String> vhost, Duration timeout) {
        return new SourceSettings("rabbit-test", SourceKind.RABBITMQ, url, Optional.of(TestServices.RABBITMQ_USER),
                Optional.of(TestServices.RABBITMQ_PASSWORD), vhost, Duration.ofSeconds(10), timeout, Map.of(),
                SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
    }

    @Override
    public BrokerSource source() {
        return source;
    }

    @Override
    public BrokerSource unreachableSource() {
        return new RabbitMqSource(settings("http://127.0.0.1:1", Optional.empty(), Duration.ofMillis(1500)));
    }

    @Override
    public String createQueue(String name) throws Exception {
        declareQueue(name, Map.of());
        return qualified(name);
    }

    @Override
    public String createDeadLetterQueue(String name) throws Exception {
        String dlq = name + ".dlq";
        declareQueue(dlq, Map.of());
        declareQueue(name, Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", dlq));
        return qualified(dlq);
    }

    /** Declares a durable queue with {@code arguments}, deleted on close. */
    void declareQueue(String name, Map<String, Object> arguments) throws Exception {
        channel.queueDeclare(name, true, false, false, arguments);
        queues.add(name);
    }

    /** Declares a durable exchange, deleted on close. */
    void declareExchange(String name, BuiltinExchangeType type) throws Exception {
        channel.exchangeDeclare(name, type, true);
        exchanges.add(name);
    }

    void bind(String queue, String exchange, String routingKey) throws Exception {
        channel.queueBind(queue, exchange, routingKey);
    }

    /** A new connection to the fixture's vhost, for clients that run beside the fixture's own channel. */
    static Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(TestServices.RABBITMQ_HOST);
        factory.setPort(TestServices.RABBITMQ_AMQP_PORT);
        factory.setUsername(TestServices.RABBITMQ_USER);
        factory.setPassword(TestServices.RABBITMQ_PASSWORD);
        factory.setVirtualHost(VHOST);
        return factory.newConnection("weir-tests");
    }

    @Override
    public void publish(String queue, int messages) throws Exception {
        for (int i = 0; i < messages; i++) {
            channel.basicPublish("", name(queue), MessageProperties.PERSISTENT_TEXT_PLAIN,
                    ("message " + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
    }

    @Override
    public void consumeAndAcknowledge(String queue, String group, int messages) throws Exception {
        for (int i = 0; i < messages; i++) {
            GetResponse response = channel.basicGet(name(queue), false);
            if (response == null) {
                throw new AssertionError("queue " + queue + " ran out after " + i + " of " + messages + " messages");
            }
            channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
        }
    }

    @Override
    public void deleteQueue(String queue) throws Exception {
        channel.queueDelete(name(queue));
        queues.remove(name(queue));
    }

    @Override
    public boolean hasConsumerGroups() {
        return false;
    }

    @Override
    public Duration settleTime() {
        return Duration.ofSeconds(12);
    }

    @Override
    public void close() throws Exception {
        try {
            for (String queue : queues) {
                channel.queueDelete(queue);
            }
            for (String exchange : exchanges) {
                channel.exchangeDelete(exchange);
            }
        } finally {
            connection.close();
        }
    }

    /** The name as sources report it: {@code vhost/queue}, so {@code //orders} in the default vhost. */
    static String qualified(String name) {
        return VHOST + "/" + name;
    }

    private static String name(String qualified) {
        return qualified.substring(VHOST.length() + 1);
    }
}
