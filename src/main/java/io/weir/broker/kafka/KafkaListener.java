package io.weir.broker.kafka;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.weir.broker.Broker;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
 * threads. SASL/PLAIN and TLS as {@link ListenerSecurity} says; without SASL it binds loopback
 * addresses only, since every client could then produce, consume and delete topics. Start with
 * {@link #start}; {@link #close} stops accepting, drops the connections and stops the workers (the
 * broker stays open).
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
     * Where the listener binds and what it creates.
     *
     * @param port 0 picks a free one
     * @param advertisedHost the host clients are told to connect to (with the bound port); null for {@code host}
     * @param newTopics settings of topics created with CreateTopics, apart from their partitions and
     *     the Kafka configs given
     * @param newGroups settings of the ordered group a Kafka consumer group becomes on its first commit to a topic
     * @param security authentication and encryption
     */
    public record Settings(String host, int port, String advertisedHost, TopicConfig newTopics, GroupConfig newGroups,
            ListenerSecurity security) {

        /** Plain TCP, no authentication. */
        public Settings(String host, int port, String advertisedHost, TopicConfig newTopics, GroupConfig newGroups) {
            this(host, port, advertisedHost, newTopics, newGroups, ListenerSecurity.NONE);
        }
    }

    /**
     * Binds and serves the broker.
     *
     * @throws IllegalStateException if the port cannot be bound, the TLS files not be read, or the
     *     host is not a loopback address while SASL is off
     */
    public static KafkaListener start(Broker broker, Vertx vertx, Settings settings) throws InterruptedException {
        KafkaListener listener = new KafkaListener(broker, vertx);
        try {
            listener.bind(settings);
        } catch (InterruptedException | RuntimeException e) {
            listener.close();
            throw e;
        }
        return listener;
    }

    private void bind(Settings settings) throws InterruptedException {
        String host = settings.host();
        int port = settings.port();
        ListenerSecurity security = settings.security();
        if (security.users() == null && !loopback(host)) {
            throw new IllegalStateException("refusing to listen for Kafka clients on " + host + " without SASL: "
                    + "anyone reaching it could produce, consume and delete topics. Turn on "
                    + "weir.broker.kafka.sasl.enabled, or bind weir.broker.kafka.host=127.0.0.1");
        }
        NetServerOptions options = new NetServerOptions().setHost(host).setPort(port)
                .setTcpNoDelay(true).setReuseAddress(true);
        if (security.tls() != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(security.tls().certificate().toString())
                    .setKeyPath(security.tls().key().toString()));
        }
        NetServer created = vertx.createNetServer(options);
        String advertisedHost = settings.advertisedHost() == null ? host : settings.advertisedHost();
        KafkaApis apis = new KafkaApis(broker, new Advertised(advertisedHost, created::actualPort), waiters, timer,
                settings.newTopics(), settings.newGroups());
        created.connectHandler(socket -> new KafkaConnection(socket, apis, workers, new SaslSession(security.users())));
        try {
            server = created.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot listen for Kafka clients on " + host + ":" + port + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage()
                    + (security.tls() == null ? "" : " (TLS certificate " + security.tls().certificate()
                            + ", key " + security.tls().key() + ")"), e);
        }
        broker.addAppendListener(appendListener);
    }

    /** True when every address {@code host} names is a loopback address (127.0.0.1, ::1, localhost). */
    private static boolean loopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false; // binding fails anyway; say why it would be unsafe
        }
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
