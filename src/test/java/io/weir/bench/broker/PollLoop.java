package io.weir.bench.broker;

import java.util.concurrent.atomic.AtomicReference;

/**
 * A thread that polls a consumer until stopped, for the targets whose clients are pulled (the
 * built-in broker, Kafka). The consumer is closed on the polling thread, as Kafka's requires.
 */
final class PollLoop {

    @FunctionalInterface
    interface Poll {
        /** Waits a short while for messages and hands them on. */
        void once() throws Exception;
    }

    private final Thread thread;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    private PollLoop(String name, Poll poll, AutoCloseable consumer) {
        this.thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    poll.once();
                }
            } catch (Exception e) {
                failure.set(e);
            }
        }, name);
    }

    static PollLoop start(String name, Poll poll, AutoCloseable consumer) {
        PollLoop loop = new PollLoop(name, poll, consumer);
        loop.thread.start();
        return loop;
    }

    /** Stops polling and waits for the thread; throws what ended it early, if anything did. */
    void stop() throws Exception {
        running = false;
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
