package io.weir.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * A real HTTP server on 127.0.0.1 standing in for Slack, PagerDuty, a webhook or Alertmanager: it
 * records every request and answers from a script (then with its default answer). It can go down
 * and come back on the same port, like a receiver being restarted.
 */
public final class HttpReceiver implements AutoCloseable {

    /** One request as the receiver got it. */
    public record Request(String method, String path, String contentType, String body, Instant at) {
    }

    /** What to answer: a status, a body, headers, after a delay (longer than the caller's timeout: a timeout). */
    public record Answer(int status, String body, Map<String, String> headers, Duration delay) {
        public static Answer of(int status, String body) {
            return new Answer(status, body, Map.of(), Duration.ZERO);
        }

        public Answer withHeader(String name, String value) {
            return new Answer(status, body, Map.of(name, value), delay);
        }

        public Answer after(Duration wait) {
            return new Answer(status, body, headers, wait);
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer defaultAnswer;
    private final Map<String, Answer> answersByPath = new java.util.concurrent.ConcurrentHashMap<>();
    private final int port;
    private HttpServer server;

    public HttpReceiver(Answer defaultAnswer) throws IOException {
        this(0, defaultAnswer);
    }

    /** Listens on {@code port} (0: any free port). */
    public HttpReceiver(int port, Answer defaultAnswer) throws IOException {
        this.defaultAnswer = defaultAnswer;
        this.server = bind(port);
        this.port = server.getAddress().getPort();
    }

    private HttpServer bind(int at) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), at), 50);
        http.setExecutor(Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "http-receiver");
            thread.setDaemon(true);
            return thread;
        }));
        http.createContext("/", this::handle);
        http.start();
        return http;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Answers the next requests with these, in order, then with the default answer. */
    public void script(Answer... answers) {
        script.addAll(List.of(answers));
    }

    public void answerByDefault(Answer answer) {
        defaultAnswer = answer;
    }

    /** Answers every request to {@code path} with this (after the script). */
    public void answerAt(String path, Answer answer) {
        answersByPath.put(path, answer);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void clear() {
        requests.clear();
        script.clear();
    }

    /** Stops listening: connections are refused until {@link #start()}. */
    public void stop() {
        server.stop(0);
    }

    /** Listens again on the same port. */
    public void start() throws IOException {
        server = bind(port);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, Instant.now()));
        Answer answer = script.poll();
        if (answer == null) {
            answer = answersByPath.getOrDefault(exchange.getRequestURI().getPath(), defaultAnswer);
        }
        try {
            Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            exchange.close(); // the caller timed out and closed the connection
        }
    }

    /** Waits until {@code condition} holds, failing with {@code what} after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + timeout + " for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
