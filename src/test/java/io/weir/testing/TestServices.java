package io.weir.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Where the shared services started by {@code .ci/services up} listen. Tests that need one call
 * {@link #requireReachable} first: a missing service must fail the build, never skip the test.
 */
public final class TestServices {

    public static final String KAFKA_BOOTSTRAP = "127.0.0.1:19092";

    public static final String RABBITMQ_HOST = "127.0.0.1";
    public static final int RABBITMQ_AMQP_PORT = 5672;
    public static final String RABBITMQ_MANAGEMENT_URL = "http://127.0.0.1:15672";
    public static final String RABBITMQ_USER = "guest";
    public static final String RABBITMQ_PASSWORD = "guest";

    // Trust authentication on 127.0.0.1: no password.
    public static final String POSTGRES_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/weir_test";
    public static final String POSTGRES_USER = "postgres";

    public static final String CHROMIUM = "/usr/bin/chromium";
    /** Debian's prometheus-alertmanager (0.25); tests start their own process of it. */
    public static final String ALERTMANAGER = "/usr/bin/prometheus-alertmanager";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private TestServices() {
    }

    /** Throws AssertionError unless a TCP connection to host:port succeeds within 2 s. */
    public static void requireReachable(String host, int port, String what) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new AssertionError(what + " is not reachable at " + host + ":" + port + ": run .ci/services up", e);
        }
    }
}
