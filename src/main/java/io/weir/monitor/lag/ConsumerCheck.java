package io.weir.monitor.lag;

import java.util.Optional;

/**
 * One named check of a consumer group's recent window, like Burrow's evaluator rules. A check
 * only says whether its own condition holds; ranking several that fire is {@link ConsumerStatus}'s
 * order, applied by {@link ConsumerStatusEvaluator}.
 */
interface ConsumerCheck {

    /**
     * Points a trend needs before it counts: two are one step, which a single slow poll can make
     * look like a pattern.
     */
    int MIN_POINTS = 3;

    /** The status this check reports when it fires. */
    ConsumerStatus status();

    /** Why the check fires on this window, in an operator's words; empty when it does not. */
    Optional<String> reason(GroupWindow window);
}
