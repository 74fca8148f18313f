package io.weir.broker;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker open in a fresh directory for each test, on a clock the test moves. Subclasses add
 * their topics and groups in a {@code @BeforeEach} of their own, which runs after this one.
 */
abstract class BrokerTestCase {

    @TempDir
    Path dir;

    final TestClock clock = new TestClock(Brokers.T0);
    Broker broker;

    @BeforeEach
    void openBroker() throws IOException {
        broker = Broker.open(dir, Brokers.config(clock));
    }

    @AfterEach
    void closeBroker() throws IOException {
        broker.close();
    }

    /** Closes the broker and opens it again on the same directory, as a process restart would. */
    void restart() throws IOException {
        broker.close();
        broker = Broker.open(dir, Brokers.config(clock));
    }
}
