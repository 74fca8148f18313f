package io.weir.bench.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real RabbitMQ: one durable quorum queue per workload, persistent messages, publisher confirms
 * (each thread a channel of its own in confirm mode; a publish waits for the confirms of all its
 * messages). {@link LoadRun#CONSUMERS} consumers, each on a channel of its own, with manual acks
 * and a prefetch of 1,000.
 */
final class RabbitTarget implements DurableTarget {

    private final Connection publishing;
    private final Connection consuming;
    private final List<Channel> consumerChannels = new ArrayList<>();
    private String queue;

    RabbitTarget(String host, int port) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        this.publishing = factory.newConnection("weir-bench-publish");
        this.consuming = factory.newConnection("weir-bench-consume");
    }

    @Override
    public void prepare(String name, Consumer<byte[]> consumer) throws Exception {
        queue = name;
        for (int c = 0; c < LoadRun.CONSUMERS; c++) {
            Channel channel = consuming.createChannel();
            consumerChannels.add(channel);
            channel.queueDeclare(name, true, false, false, Map.of("x-queue-type", "quorum"));
            channel.basicQos(1000);
            channel.basicConsume(name, false, new DefaultConsumer(channel) {
                @Override
                public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
                        throws IOException {
                    consumer.accept(body);
                    getChannel().basicAck(envelope.getDeliveryTag(), false);
                }
            });
        }
    }

    @Override
    public Publisher publisher() throws Exception {
        Channel channel = publishing.createChannel();
        channel.confirmSelect();
        String target = queue;
        return new Publisher() {
            @Override
            public void publish(List<byte[]> values) throws Exception {
                for (byte[] value : values) {
                    channel.basicPublish("", target, MessageProperties.PERSISTENT_BASIC, value);
                }
                channel.waitForConfirmsOrDie(30_000);
            }

            @Override
            public void close() throws Exception {
                channel.close();
            }
        };
    }

    @Override
    public void finish() throws Exception {
        consumerChannels.get(0).queueDelete(queue);
        for (Channel channel : consumerChannels) {
            channel.close();
        }
        consumerChannels.clear();
    }

    @Override
    public void close() throws Exception {
        publishing.close();
        consuming.close();
    }
}
