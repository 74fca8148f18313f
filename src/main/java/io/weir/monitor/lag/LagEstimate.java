package io.weir.monitor.lag;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How far behind a consumer is in time: the age of the oldest message it has yet to read, and how
 * far that number can be trusted.
 *
 * @param lag the lag, empty when it cannot be told (see {@link Quality})
 * @param quality how the lag was obtained
 */
public record LagEstimate(Optional<Duration> lag, Quality quality) {

    /** How a lag was obtained, from most to least trustworthy. */
    public enum Quality {
        /** Read from recorded end offsets, exactly or between two points; zero when caught up. */
        EXACT_OR_INTERPOLATED,
        /** A queue's ready messages divided by its deliver rate, as the broker measures it. */
        FROM_DELIVER_RATE,
        /** The commit is older than the history: extrapolated back from its oldest produce rate. */
        EXTRAPOLATED,
        /**
         * The history holds fewer than two different end offsets, so no rate: with one, the lag
         * is a lower bound (at least since the oldest point); with none, it is empty.
         */
        TOO_FEW_POINTS,
        /** A queue with messages waiting and no deliver rate above zero: empty. */
        NO_RATE,
        /** The group has no committed offset there (or Weir has not seen the partition): empty. */
        NO_OFFSET
    }

    public LagEstimate {
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(quality, "quality");
    }

    static LagEstimate of(Duration lag, Quality quality) {
        return new LagEstimate(Optional.of(lag), quality);
    }

    static LagEstimate unknown(Quality quality) {
        return new LagEstimate(Optional.empty(), quality);
    }
}
