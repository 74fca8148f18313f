package io.weir.broker;

/** What a publish does when its topic has reached its backlog limit. */
public enum BacklogPolicy {

    /** Refuse at once with {@link BacklogLimitException}. */
    REJECT,

    /** Wait up to the topic's block timeout for room, then refuse with {@link BacklogLimitException}. */
    BLOCK
}
