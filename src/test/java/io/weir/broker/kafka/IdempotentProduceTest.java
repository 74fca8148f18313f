package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceDataCollection;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idempotent producer's protocol, driven request by request: a retried batch is answered
 * with its original offset and stored once, also after a restart; a gap or a fenced epoch is
 * refused with Kafka's error codes.
 */
class IdempotentProduceTest extends ListenerTestCase {

    private static final short PRODUCE_V12 = 12;


    @BeforeEach
    void createTopics() throws Exception {
        weir.createTopic("payments", 2);
    }


    @Test
    void aRetriedBatchIsAnsweredWithItsOriginalOffsetAndStoredOnce() throws Exception {
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            InitProducerIdResponseData producer = initProducerId(kafka);
            assertThat(produce(kafka, 1, batch(producer, 0, "a", "b", "c")).baseOffset()).isZero();
            PartitionProduceResponse retry = produce(kafka, 1, batch(producer, 0, "a", "b", "c"));
            assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(retry.baseOffset()).isZero();
            assertThat(produce(kafka, 1, batch(producer, 3, "d")).baseOffset()).isEqualTo(3);
            assertThat(weir.broker.describeTopic("payments").partitions().get(1).endOffset()).isEqualTo(4);
        }
    }

    @Test
    void aSequenceGapIsRefusedAsOutOfOrder() throws Exception {
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            InitProducerIdResponseData producer = initProducerId(kafka);
            produce(kafka, 0, batch(producer, 0, "a"));
            PartitionProduceResponse gap = produce(kafka, 0, batch(producer, 5, "f"));
            assertThat(gap.errorCode()).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code());
            assertThat(weir.broker.describeTopic("payments").partitions().get(0).endOffset()).isEqualTo(1);
        }
    }

    @Test
    void aBatchOfAnEpochThatWasBumpedIsFenced() throws Exception {
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            InitProducerIdResponseData old = initProducerId(kafka);
            InitProducerIdResponseData bumped = kafka.send(ApiKeys.INIT_PRODUCER_ID, (short) 4,
                    new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000)
                            .setProducerId(old.producerId()).setProducerEpoch(old.producerEpoch()));
            assertThat(bumped.producerId()).isEqualTo(old.producerId());
            assertThat(bumped.producerEpoch()).isEqualTo((short) (old.producerEpoch() + 1));
            produce(kafka, 0, batch(bumped, 0, "new"));
            PartitionProduceResponse fenced = produce(kafka, 0, batch(old, 1, "stale"));
            assertThat(fenced.errorCode()).isEqualTo(Errors.INVALID_PRODUCER_EPOCH.code());
        }
    }

    @Test
    void aBatchRetriedAfterARestartIsStillADuplicate() throws Exception {
        InitProducerIdResponseData producer;
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            producer = initProducerId(kafka);
            produce(kafka, 0, batch(producer, 0, "x"));
            produce(kafka, 0, batch(producer, 1, "y", "z"));
        }
        weir.restart();
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            PartitionProduceResponse retry = produce(kafka, 0, batch(producer, 1, "y", "z"));
            assertThat(retry.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(retry.baseOffset()).isEqualTo(1);
            assertThat(weir.broker.describeTopic("payments").partitions().get(0).endOffset()).isEqualTo(3);
            assertThat(produce(kafka, 0, batch(producer, 3, "next")).baseOffset()).isEqualTo(3);
        }
    }

    @Test
    void transactionalProducersAreRefused() throws Exception {
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            InitProducerIdResponseData answer = kafka.send(ApiKeys.INIT_PRODUCER_ID, (short) 4,
                    new InitProducerIdRequestData().setTransactionalId("tx-1").setTransactionTimeoutMs(60_000));
            assertThat(answer.errorCode()).isEqualTo(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
        }
    }

    private static InitProducerIdResponseData initProducerId(RawKafka kafka) throws Exception {
        InitProducerIdResponseData answer = kafka.send(ApiKeys.INIT_PRODUCER_ID, (short) 4,
                new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60_000));
        assertThat(answer.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(answer.producerId()).isPositive();
        return answer;
    }

    private static MemoryRecords batch(InitProducerIdResponseData producer, int baseSequence, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withIdempotentRecords(Compression.NONE, producer.producerId(), producer.producerEpoch(),
                baseSequence, records);
    }

    private static PartitionProduceResponse produce(RawKafka kafka, int partition, MemoryRecords records)
            throws Exception {
        TopicProduceDataCollection topics = new TopicProduceDataCollection();
        topics.add(new TopicProduceData().setName("payments")
                .setPartitionData(List.of(new PartitionProduceData().setIndex(partition).setRecords(records))));
        ProduceResponseData answer = kafka.send(ApiKeys.PRODUCE, PRODUCE_V12,
                new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000).setTopicData(topics));
        return answer.responses().iterator().next().partitionResponses().get(0);
    }
}
