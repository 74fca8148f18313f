package io.weir.scenarios;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The live scenarios' settings, {@code weir.demo.*}; every key is in the README's configuration table. */
@ConfigMapping(prefix = "weir.demo")
public interface ScenariosConfig {

    /** Offer the scenarios; absent: on unless an external broker is configured (see {@link Scenarios#enabled}). */
    Optional<Boolean> enabled();

    Async async();

    Peak peak();

    Decoupling decoupling();

    Failures failures();

    /** Asynchronous processing: the article's registration, with the time each step takes. */
    interface Async {
        /** Writing the user's row. */
        @WithDefault("30ms")
        Duration dbWrite();

        @WithDefault("50ms")
        Duration sms();

        @WithDefault("100ms")
        Duration email();

        @WithDefault("50ms")
        Duration coupon();

        /** Registrations per second in each of the two flows (with the queue, synchronous). */
        @WithDefault("4")
        double requestsPerSecond();
    }

    /** Peak smoothing: a flash-sale burst drained at a safe rate. */
    interface Peak {
        /** Requests in one burst. */
        @WithDefault("100000")
        int burst();

        /** Orders per second the consumer (the "database") takes. */
        @WithDefault("1000")
        int drainRate();
    }

    /** Decoupling: one order topic, several subscribing services. */
    interface Decoupling {
        @WithDefault("10")
        double ordersPerSecond();

        /** Time each subscriber spends on one order. */
        @WithDefault("5ms")
        Duration work();
    }

    /** Failures: dead letters, duplicates, order per key. */
    interface Failures {
        /** Messages per second in each of the three flows. */
        @WithDefault("10")
        double messagesPerSecond();

        /** Every n-th payment is one the consumer cannot process (until it is "fixed"). */
        @WithDefault("10")
        int failEvery();

        /** Deliveries of a failing payment before it goes to the dead-letter topic. */
        @WithDefault("3")
        int maxAttempts();

        /** The payout consumer "crashes" before committing after every n-th batch, so the batch comes again. */
        @WithDefault("4")
        int crashEvery();
    }
}
