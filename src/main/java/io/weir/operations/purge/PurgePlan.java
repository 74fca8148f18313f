package io.weir.operations.purge;

/**
 * What a purge would do now.
 *
 * @param queue the topic or queue as asked for
 * @param name what the operator must type to confirm: the queue's name as the console shows it
 * @param messages how many messages it would remove, as the broker reports them now ({@code -1}
 *     when RabbitMQ has not counted a new queue yet)
 * @param refusal why an apply by this actor would be refused, or {@code null}
 */
public record PurgePlan(String source, String queue, String name, long messages, String refusal) {
}
