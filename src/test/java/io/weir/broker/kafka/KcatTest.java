package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** librdkafka through Debian's kcat (package kafkacat) against the listener: produce, consume, consumer group. */
class KcatTest extends ListenerTestCase {


    @BeforeEach
    void createTopics() throws Exception {
        weir.createTopic("kc", 2);
    }


    @Test
    void kcatProducesKeysAndHeadersThatAJavaConsumerReads() throws Exception {
        kcat("k1:v1\nk2:v2\n", "-P", "-t", "kc", "-p", "1", "-K:", "-H", "origin=kcat", "-H", "trace=7");
        try (KafkaConsumer<String, String> consumer = weir.consumer(Map.of())) {
            TopicPartition tp = new TopicPartition("kc", 1);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            assertThat(got).extracting(ConsumerRecord::key).containsExactly("k1", "k2");
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("v1", "v2");
            assertThat(got).extracting(ConsumerRecord::offset).containsExactly(0L, 1L);
            assertThat(new String(got.get(0).headers().lastHeader("origin").value(), StandardCharsets.UTF_8)).isEqualTo("kcat");
            assertThat(new String(got.get(0).headers().lastHeader("trace").value(), StandardCharsets.UTF_8)).isEqualTo("7");
        }
    }

    @Test
    void kcatConsumesWhatAJavaProducerWroteAndCommitsAsAGroup() throws Exception {
        try (KafkaProducer<String, String> producer = weir.producer(Map.of())) {
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>("kc", i % 2, "key" + i, "value" + i,
                        List.of(new RecordHeader("n", String.valueOf(i).getBytes(StandardCharsets.UTF_8))))).get();
            }
        }
        String plain = kcat("", "-C", "-t", "kc", "-o", "beginning", "-e", "-f", "%p|%o|%k|%s|%h\\n");
        assertThat(plain.lines()).containsExactlyInAnyOrder("0|0|key0|value0|n=0", "0|1|key2|value2|n=2",
                "1|0|key1|value1|n=1", "1|1|key3|value3|n=3");

        String grouped = kcat("", "-G", "kc-group", "-X", "auto.offset.reset=earliest", "-e", "-f", "%k=%s\\n", "kc");
        assertThat(grouped.lines()).containsExactlyInAnyOrder("key0=value0", "key1=value1", "key2=value2", "key3=value3");
        assertThat(weir.broker.describeGroup("kc", "kc-group").committed()).containsEntry(0, 2L).containsEntry(1, 2L);
    }

    /** Runs kcat against the listener with {@code input} on stdin; returns stdout, failing on a non-zero exit. */
    private String kcat(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kcat", "-b", weir.bootstrap(), "-q"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        assertThat(process.exitValue()).as("kcat exit code, output: " + out).isZero();
        return out;
    }
}
