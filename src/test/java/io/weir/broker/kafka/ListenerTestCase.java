package io.weir.broker.kafka;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
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

    interface Call {
        void run() throws Exception;
    }

    /** What {@code call} failed with: the cause of an Admin future's ExecutionException, or the exception itself. */
    static Throwable cause(Call call) {
        try {
            call.run();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
