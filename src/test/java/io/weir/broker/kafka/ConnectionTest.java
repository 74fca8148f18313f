package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.junit.jupiter.api.Test;

/** One connection's requests are answered one by one, in the order they were sent, however many are pipelined. */
class ConnectionTest extends ListenerTestCase {

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        weir.createTopic("t", 2);
        try (RawKafka kafka = new RawKafka(weir.listener.port())) {
            List<RequestHeader> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) { // far more than the connection queues before it stops reading
                sent.add(kafka.write(ApiKeys.METADATA, (short) 12, new MetadataRequestData().setTopics(null)));
            }
            for (RequestHeader header : sent) {
                MetadataResponseData answer = kafka.read(header); // parseResponse checks the correlation ID
                assertThat(answer.topics().find("t").partitions()).hasSize(2);
            }
        }
    }
}
