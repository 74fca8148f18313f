package io.weir.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}, production mode) run as a
 * separate process, the way a user runs it: for browser tests and restart tests.
 *
 * <p>Its log is read: {@link #close} fails the test with every WARN or ERROR line the process
 * printed (in any of its runs) that the test did not declare with {@link #expectLog}. A failure
 * only visible in the log (a persistence error every 15 s) must not pass a test.
 */
public final class WeirProcess implements AutoCloseable {

    /** Generous: on the shared two-core machine a start next to other builds took over a minute. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    /** Quarkus' console format: date, time, level. */
    private static final Pattern LEVEL_PROBLEM = Pattern.compile("^\\S+ \\S+ (WARN|ERROR)\\b");

    private final Path jar;
    private final Path dataDir;
    private final Map<String, String> environment;
    private final int port;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<Pattern> expected = new CopyOnWriteArrayList<>();
    private Process process;

    private WeirProcess(Path jar, Path dataDir, Map<String, String> environment, int port) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.environment = environment;
        this.port = port;
    }

    /** Starts Weir on a free port with its data in {@code dataDir} and waits until it is ready. */
    public static WeirProcess start(Path dataDir, Map<String, String> environment) throws IOException, InterruptedException {
        return start(Path.of(System.getProperty("quarkus-app.jar", "target/quarkus-app/quarkus-run.jar")), dataDir, environment);
    }

    /**
     * The same with the build for PostgreSQL ({@code target/quarkus-app-postgresql}, the database kind
     * being fixed at build time); {@code environment} gives it the JDBC URL.
     */
    public static WeirProcess startPostgresqlBuild(Path dataDir, Map<String, String> environment)
            throws IOException, InterruptedException {
        return start(Path.of(System.getProperty("quarkus-app-postgresql.jar",
                "target/quarkus-app-postgresql/quarkus-run.jar")), dataDir, environment);
    }

    private static WeirProcess start(Path jar, Path dataDir, Map<String, String> environment)
            throws IOException, InterruptedException {
        WeirProcess weir = new WeirProcess(jar, dataDir, Map.copyOf(environment), freePort());
        weir.launch();
        return weir;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Every line the process printed since it was (re)started. */
    public List<String> log() {
        return List.copyOf(log);
    }

    /**
     * Declares WARN or ERROR lines this test provokes on purpose ({@code regex} is found anywhere in
     * the line), so that {@link #close} does not fail on them.
     */
    public WeirProcess expectLog(String regex) {
        expected.add(Pattern.compile(regex));
        return this;
    }

    /** The WARN and ERROR lines of every run so far that no {@link #expectLog} pattern matches. */
    public List<String> unexpectedProblems() {
        return problems.stream().filter(line -> expected.stream().noneMatch(p -> p.matcher(line).find())).toList();
    }

    /** Stops the process (SIGTERM) and starts it again with the same data and port. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** Kills the process (SIGKILL: no shutdown hook runs) and starts it again with the same data and port. */
    public void killAndRestart() throws IOException, InterruptedException {
        process.destroyForcibly().waitFor();
        launch();
    }

    /** Kills the process (SIGKILL: no shutdown hook runs); {@link #restart} starts it again. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Freezes the process (SIGSTOP), as a long garbage-collection pause or a stalled VM would. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused process run again (SIGCONT). */
    public void unpause() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
        }
    }

    private void launch() throws IOException, InterruptedException {
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the application first (./mvnw verify does)");
        }
        Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", jar.toAbsolutePath().toString())
                .directory(dataDir.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(builder.environment());
        env.keySet().removeIf(key -> key.startsWith("WEIR_") || key.startsWith("QUARKUS_"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("WEIR_DATA_DIR", dataDir.resolve("data").toString());
        env.put("WEIR_BROKER_KAFKA_PORT", "0"); // several Weirs at once must not all want 9092; a test can override
        env.putAll(environment);
        builder.environment().clear();
        builder.environment().putAll(env);
        log.clear();
        process = builder.start();
        Thread reader = new Thread(this::readLog, "weir-process-log");
        reader.setDaemon(true);
        reader.start();
        awaitReady();
    }

    private void readLog() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                log.add(line);
                if (LEVEL_PROBLEM.matcher(line).find()) {
                    problems.add(line);
                }
            }
        } catch (IOException ignored) {
            // The process ended.
        }
    }

    private void awaitReady() throws InterruptedException {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Weir exited with " + process.exitValue() + ":\n" + String.join("\n", log));
            }
            if (ready()) {
                return;
            }
            Thread.sleep(200);
        }
        // a start that hangs must not outlive the test, holding its port and its database
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("Weir was not ready within " + READY_TIMEOUT + ":\n" + String.join("\n", log));
    }

    private boolean ready() {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl() + "/q/health/ready").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Stops the process; fails if it logged a WARN or ERROR the test did not expect. */
    @Override
    public void close() throws InterruptedException {
        stop();
        List<String> unexpected = unexpectedProblems();
        if (!unexpected.isEmpty()) {
            throw new AssertionError("Weir logged " + unexpected.size() + " WARN/ERROR line(s) the test did not expect:\n"
                    + String.join("\n", unexpected));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
