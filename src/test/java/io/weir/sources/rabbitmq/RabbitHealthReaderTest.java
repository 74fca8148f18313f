package io.weir.sources.rabbitmq;

import static io.weir.sources.rabbitmq.ManagementJson.array;
import static io.weir.sources.rabbitmq.ManagementJson.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.core.NodeSnapshot;
import org.junit.jupiter.api.Test;

/** How the answers of {@code /api/nodes} and {@code /api/overview} become health figures. */
class RabbitHealthReaderTest {

    @Test
    void nodeFiguresAreTakenAsReported() {
        NodeSnapshot node = RabbitHealthReader.node(node("rabbit@mq-1").build());

        assertThat(node.id()).isEqualTo("rabbit@mq-1");
        assertThat(node.host()).isEqualTo("mq-1");
        assertThat(node.up()).isTrue();
        assertThat(node.alarms()).isEmpty();
        assertThat(node.memoryUsedBytes()).isEqualTo(100);
        assertThat(node.memoryLimitBytes()).isEqualTo(1000);
        assertThat(node.diskFreeBytes()).isEqualTo(5000);
        assertThat(node.diskFreeLimitBytes()).isEqualTo(50);
        assertThat(node.fileDescriptorsUsed()).isEqualTo(30);
        assertThat(node.fileDescriptorsLimit()).isEqualTo(1024);
        assertThat(node.socketsUsed()).isEqualTo(2);
        assertThat(node.socketsLimit()).isEqualTo(800);
    }

    @Test
    void resourceAlarmsAreNamedInWords() {
        NodeSnapshot node = RabbitHealthReader.node(node("rabbit@mq-1").memoryAlarm().diskAlarm().build());

        assertThat(node.alarms()).containsExactly("memory", "disk");
    }

    @Test
    void stoppedNodeIsDownWithUnknownFigures() {
        NodeSnapshot node = RabbitHealthReader.node(node("rabbit@mq-2").stopped().build());

        assertThat(node.up()).isFalse();
        assertThat(node.memoryUsedBytes()).isEqualTo(-1);
        assertThat(node.socketsLimit()).isEqualTo(-1);
    }

    @Test
    void healthyClusterHasNoAlarms() {
        assertThat(RabbitHealthReader.clusterAlarms(array(node("rabbit@a").build(), node("rabbit@b").build())))
                .isEmpty();
    }

    @Test
    void networkPartitionNamesEveryNodeInvolvedOnce() {
        var nodes = array(node("rabbit@a").partitionedFrom("rabbit@c").build(),
                node("rabbit@b").build(),
                node("rabbit@c").partitionedFrom("rabbit@a").build());

        assertThat(RabbitHealthReader.clusterAlarms(nodes)).containsExactly("network partition: rabbit@a, rabbit@c");
    }

    @Test
    void nodeAlarmsAreSummarisedForTheCluster() {
        var nodes = array(node("rabbit@a").memoryAlarm().build(), node("rabbit@b").diskAlarm().build());

        assertThat(RabbitHealthReader.clusterAlarms(nodes))
                .containsExactly("memory alarm on rabbit@a", "disk alarm on rabbit@b");
    }

    @Test
    void onlyPlainAmqpListenersAreCheckedEachPortOnce() {
        ObjectNode overview = JsonNodeFactory.instance.objectNode();
        overview.putArray("listeners")
                .add(listener("amqp", 5672)).add(listener("amqp", 5672)).add(listener("amqp/ssl", 5671))
                .add(listener("clustering", 25672)).add(listener("http", 15672));

        assertThat(RabbitHealthReader.amqpPorts(overview)).containsExactly(5672);
    }

    private static ObjectNode listener(String protocol, int port) {
        return JsonNodeFactory.instance.objectNode().put("protocol", protocol).put("port", port);
    }
}
