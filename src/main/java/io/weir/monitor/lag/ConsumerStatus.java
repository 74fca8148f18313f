package io.weir.monitor.lag;

/**
 * How a consumer group is doing, declared from best to worst. When several checks fire, the group
 * gets the worst (latest declared) of them:
 * {@code REWOUND > NO_CONSUMERS > STOPPED > STALLED > DEAD_LETTERS > LAGGING > OK}. A rewind ranks
 * first because it means messages are read again and its lag jump would otherwise hide it as mere
 * lagging; no consumers ranks above stopped because an empty group stops committing too, and
 * naming the cause helps more; stuck (stalled, stopped) ranks above messages set aside (dead
 * letters), which ranks above slow (lagging) because a dead letter waits for a person, while lag
 * drains by itself.
 *
 * <p>{@link #code()} is the value of the gauge {@code weir_consumergroup_status}. The codes are
 * fixed by that metric and do not follow the ranking ({@code REWOUND} is 4, {@code NO_CONSUMERS}
 * 5, {@code DEAD_LETTERS} 6): compare statuses with {@code compareTo}, never by code. A new status
 * takes the next free code; codes are never renumbered, since rules and dashboards compare them.
 */
public enum ConsumerStatus {
    /** Code 0. No check fired: the group keeps up, or caught up at some point in the window. */
    OK(0),
    /**
     * Code 1. Lag above zero at every point of the window and never shrinking, while commits
     * move: the consumers work but cannot keep up.
     */
    LAGGING(1),
    /**
     * Code 6. The group's own dead-letter queue holds messages: the broker gave up delivering them
     * to this group (too many attempts or rejected), and they wait for a replay or a purge.
     */
    DEAD_LETTERS(6),
    /**
     * Code 2. Committed offsets did not move across the window while lag stayed above zero: the
     * consumer is there but stuck, e.g. on a message it cannot process.
     */
    STALLED(2),
    /**
     * Code 3. No commit moved for longer than the window while messages kept arriving, with or
     * without members: the consumers are gone or no longer commit.
     */
    STOPPED(3),
    /** Code 5. The group has no members while its topics receive messages: nothing consumes. */
    NO_CONSUMERS(5),
    /**
     * Code 4. A committed offset went backwards within the window: offsets were reset or a
     * consumer committed an old position, so messages are read again.
     */
    REWOUND(4);

    private final int code;

    ConsumerStatus(int code) {
        this.code = code;
    }

    /** The value of {@code weir_consumergroup_status} for this status. */
    public int code() {
        return code;
    }
}
