package io.weir.broker.kafka;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Each test gets a broker of its own in a temporary directory, with a Kafka listener on a free port. */
abstract class ListenerTestCase {

    @TempDir
    Path dir;
    ListenerFixture weir;

    @BeforeEach
    void startWeir() throws Exception {
        weir = new ListenerFixture(dir);
    }

    @AfterEach
    void stopWeir() throws Exception {
        weir.close();
    }
}
