package io.weir.broker.kafka;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The old kafka-clients that Maven copies to {@code target/old-kafka-clients} (system property
 * {@code old-kafka-clients.dir}), in a class loader of their own whose parent is the platform
 * class loader: it sees the JDK, those jars and {@link OldClientDriver} (from the test classes),
 * never the pinned kafka-clients or the slf4j binding of the test class path. The driver is called
 * through reflection with JDK types only. Missing jars fail loudly: the build copies them at
 * generate-test-resources.
 */
final class OldKafkaClients implements AutoCloseable {

    private final URLClassLoader loader;

    OldKafkaClients() throws IOException {
        Path dir = Path.of(System.getProperty("old-kafka-clients.dir", "target/old-kafka-clients"));
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        if (urls.stream().noneMatch(u -> u.getPath().contains("kafka-clients-"))) {
            throw new IllegalStateException("no kafka-clients jar in " + dir.toAbsolutePath()
                    + ": run the build's generate-test-resources phase (maven-dependency-plugin, old-kafka-clients)");
        }
        urls.add(OldClientDriver.class.getProtectionDomain().getCodeSource().getLocation());
        loader = new URLClassLoader("old-kafka-clients", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    /** Calls the static {@code method} of {@link OldClientDriver} in the old client's class loader. */
    Object call(String method, Class<?>[] types, Object... args) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // kafka-clients loads configured classes (the default assignor) through the context class loader
        thread.setContextClassLoader(loader);
        try {
            return loader.loadClass(OldClientDriver.class.getName()).getMethod(method, types).invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
