package io.weir.monitor.lag;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How far behind a consumer is in time: the age of the oldest message it has yet to read, and how
 * that number was obtained.
 *
 * @param lag the lag, empty when it cannot be told (see {@link Quality})
 * @param quality how the lag was obtained
 */
public record LagEstimate(Optional<Duration> lag, Quality quality) {

    /** How a lag was obtained, from most to least trustworthy. */
    public enum Quality {
        /** Now minus the timestamp of the first message left to read: exact. */
        FROM_TIMESTAMP,
        /**
         * That timestamp is later than now, so the clock that stamped it (a producer's) is ahead
         * of Weir's: the lag is clamped at zero and says nothing.
         */
        TIMESTAMP_AHEAD,
        /** Nothing left to read: zero. */
        CAUGHT_UP,
        /** Between the two recorded end offsets around the commit, on a straight line. */
        INTERPOLATED,
        /** The commit is older than the history: extrapolated back from its oldest produce rate. */
        EXTRAPOLATED,
        /**
         * A lower bound: the time since the end offset was first seen beyond the commit (see
         * {@link LagEstimator#atLeast}); empty before the first point (the UI says "measuring").
         */
        LOWER_BOUND,
        /** A queue with messages waiting whose broker gives no timestamp of the oldest: empty. */
        NO_TIMESTAMP,
        /** The group has no committed offset there (or Weir has not seen the partition): empty. */
        NO_OFFSET
    }

    /** The three ways a lag can be told, as the UI names them. */
    public enum Method {
        /** From a message's timestamp, or zero with nothing to read. */
        EXACT,
        /** Estimated from the history of end offsets (interpolated, extrapolated or a lower bound). */
        INTERPOLATED,
        /** No number. */
        UNKNOWN
    }

    public LagEstimate {
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(quality, "quality");
    }

    public Method method() {
        if (lag.isEmpty()) {
            return Method.UNKNOWN;
        }
        return switch (quality) {
            case FROM_TIMESTAMP, TIMESTAMP_AHEAD, CAUGHT_UP -> Method.EXACT;
            default -> Method.INTERPOLATED;
        };
    }

    static LagEstimate of(Duration lag, Quality quality) {
        return new LagEstimate(Optional.of(lag), quality);
    }

    static LagEstimate unknown(Quality quality) {
        return new LagEstimate(Optional.empty(), quality);
    }
}
