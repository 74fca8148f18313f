package io.weir.broker.kafka;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.weir.broker.Broker;
import io.weir.broker.GroupConfig;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A Kafka protocol listener in front of a {@link Broker}: a Vert.x TCP server whose connections
 * ({@link KafkaConnection}) hand requests to {@link KafkaApis} on a bounded pool of worker
 * threads. Plain TCP, no SASL or TLS. Start with {@link #start}; {@link #close} stops accepting,
 * drops the connections and stops the workers (the broker stays open).
 */
public final class KafkaListener implements AutoCloseable {

    /** Threads that run requests; a produce holds one while it waits for its flush, a parked fetch none. */
    private static final int WORKERS = 8;

    private final Broker broker;
    private final Vertx vertx;
    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private final FetchWaiters waiters;
    private final Consumer<String> appendListener;
    private NetServer server;

    private KafkaListener(Broker broker, Vertx vertx) {
        this.broker = broker;
        this.vertx = vertx;
        this.workers = Executors.newFixedThreadPool(WORKERS, threads("weir-kafka-worker-"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("weir-kafka-timer-"));
        this.waiters = new FetchWaiters(workers, timer);
        this.appendListener = waiters::appended;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and serves the broker there, telling
     * clients to connect to {@code advertisedHost} (null: the bound host) and the bound port.
     * Kafka consumer groups that commit offsets to a topic become ordered groups of it with
     * {@code newGroups} settings.
     */
    public static KafkaListener start(Broker broker, Vertx vertx, String host, int port, String advertisedHost,
            GroupConfig newGroups) throws InterruptedException {
        KafkaListener listener = new KafkaListener(broker, vertx);
        try {
            listener.bind(host, port, advertisedHost == null ? host : advertisedHost, newGroups);
        } catch (InterruptedException | RuntimeException e) {
            listener.close();
            throw e;
        }
        return listener;
    }

    private void bind(String host, int port, String advertisedHost, GroupConfig newGroups) throws InterruptedException {
        NetServer created = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port)
                .setTcpNoDelay(true).setReuseAddress(true));
        KafkaApis apis = new KafkaApis(broker, new Advertised(advertisedHost, created::actualPort), waiters, timer,
                newGroups);
        created.connectHandler(socket -> new KafkaConnection(socket, apis, workers));
        try {
            server = created.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot listen for Kafka clients on " + host + ":" + port + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        }
        broker.addAppendListener(appendListener);
    }

    /** The port bound, for a listener started on port 0. */
    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() throws InterruptedException {
        broker.removeAppendListener(appendListener);
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // closing anyway: the workers stop below
            }
        }
        timer.shutdownNow();
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
