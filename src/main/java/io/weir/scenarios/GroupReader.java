package io.weir.scenarios;

import io.weir.broker.Broker;
import io.weir.broker.ConsumedMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered-mode consumer as an application writes one: fetch a batch, handle each message,
 * commit what was handled, and leave the group when stopped, so its partitions go to the others
 * at once. At least once: what was handled but not committed when it stops comes again.
 */
final class GroupReader implements Worker.Loop {

    /** Handles one message; may pause on the worker to simulate work. */
    @FunctionalInterface
    interface Handler {
        /** Returns false if the work was cut short by a stop: the message is then not committed. */
        boolean handle(ConsumedMessage message, Worker worker) throws Exception;
    }

    /** Long-poll wait of one fetch: short, so a stop is noticed quickly. */
    private static final Duration FETCH_WAIT = Duration.ofMillis(200);

    private final Broker broker;
    private final String topic;
    private final String group;
    private final String consumerId;
    private final int maxBatch;
    private final Handler handler;

    GroupReader(Broker broker, String topic, String group, String consumerId, int maxBatch, Handler handler) {
        this.broker = broker;
        this.topic = topic;
        this.group = group;
        this.consumerId = consumerId;
        this.maxBatch = maxBatch;
        this.handler = handler;
    }

    @Override
    public boolean step(Worker worker) throws Exception {
        List<ConsumedMessage> batch = broker.fetch(topic, group, consumerId, maxBatch, FETCH_WAIT);
        Map<Integer, Long> handled = new HashMap<>();
        for (ConsumedMessage message : batch) {
            if (worker.stopping() || !handler.handle(message, worker)) {
                break;
            }
            handled.put(message.partition(), message.offset() + 1);
        }
        if (!handled.isEmpty()) {
            broker.commit(topic, group, consumerId, handled);
        }
        return true;
    }

    @Override
    public void finish() {
        broker.leaveGroup(topic, group, consumerId);
    }
}
