package io.weir.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The consumers of a group: a consumer joins by fetching or receiving and leaves when it has not
 * done so for the session timeout. Not thread-safe: the owning group serialises access.
 */
final class Membership {

    private final Duration sessionTimeout;
    private final Clock clock;
    private final Map<String, Instant> lastSeen = new TreeMap<>();

    Membership(Duration sessionTimeout, Clock clock) {
        this.sessionTimeout = sessionTimeout;
        this.clock = clock;
    }

    /** Records that {@code member} is alive; returns true if it was not a member before. */
    boolean touch(String member) {
        return lastSeen.put(member, clock.instant()) == null;
    }

    /** Returns true if {@code member} was a member. */
    boolean leave(String member) {
        return lastSeen.remove(member) != null;
    }

    /** Drops members whose session timed out; returns true if any was dropped. */
    boolean expire() {
        Instant cutoff = clock.instant().minus(sessionTimeout);
        return lastSeen.values().removeIf(seen -> seen.isBefore(cutoff));
    }

    /** Current members, sorted, after dropping timed-out ones. */
    List<String> members() {
        expire();
        return List.copyOf(lastSeen.keySet());
    }
}
