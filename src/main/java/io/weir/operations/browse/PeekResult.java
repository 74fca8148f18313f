package io.weir.operations.browse;

import java.util.List;

/**
 * What one peek of a RabbitMQ queue returned.
 *
 * @param queueType the queue's type (classic, quorum)
 * @param messages from the head of the queue, in the order RabbitMQ gave them
 * @param auditId the audit entry of this peek
 */
public record PeekResult(String source, String queue, String queueType, List<PeekedMessage> messages, long auditId) {

    public PeekResult {
        messages = List.copyOf(messages);
    }
}
