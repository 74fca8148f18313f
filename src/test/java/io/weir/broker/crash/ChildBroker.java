package io.weir.broker.crash;

import io.weir.broker.Broker;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@link CrashBrokerServer} in a JVM of its own, on the classes of this build only (the
 * broker needs nothing else, which keeps start-up short), or of {@link CrashKafkaServer} on the
 * test class path. Its stderr goes to {@code log}.
 */
final class ChildBroker {

    /** What {@code Process.exitValue()} reports on Linux for a process ended by signal 9. */
    static final int SIGKILL_EXIT = 128 + 9;

    private final Process process;

    private ChildBroker(Process process) {
        this.process = process;
    }

    /** Starts the broker and waits until it accepts connections. */
    static ChildBroker start(Path dataDir, int port, Path log) throws IOException {
        String classpath = codeSource(Broker.class) + File.pathSeparator + codeSource(CrashBrokerServer.class);
        return start(CrashBrokerServer.class, classpath, dataDir, port, log);
    }

    /** Starts the broker with its Kafka listener on {@code port} and waits until the listener accepts connections. */
    static ChildBroker startWithKafkaListener(Path dataDir, int port, Path log) throws IOException {
        // Vert.x, Netty and kafka-clients besides the broker: the whole test class path
        return start(CrashKafkaServer.class, System.getProperty("java.class.path"), dataDir, port, log);
    }

    private static ChildBroker start(Class<?> main, String classpath, Path dataDir, int port, Path log)
            throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(javaBin, "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", classpath, main.getName(),
                dataDir.toString(), String.valueOf(port)))
                .redirectError(Redirect.appendTo(log.toFile()))
                .start();
        ChildBroker child = new ChildBroker(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"READY".equals(line)) {
            child.kill();
            throw new IOException("broker process did not start (see " + log + "), said: " + line);
        }
        return child;
    }

    /** Sends SIGKILL ({@code destroyForcibly} on Linux) and returns the exit value once the process is gone. */
    int kill() throws IOException {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IOException("broker process " + process.pid() + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while killing the broker", e);
        }
        return process.exitValue();
    }

    private static String codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
