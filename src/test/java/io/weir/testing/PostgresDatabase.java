package io.weir.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One database of its own on the machine's real PostgreSQL (127.0.0.1:5432, trust), created empty,
 * with the PostgreSQL tools a backup or an upgrade uses ({@code psql}, {@code pg_dump},
 * {@code pg_restore}) run as processes against it. Closing it drops it.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    /** Drops the database if a previous run left it, and creates it empty. */
    public static PostgresDatabase fresh(String name) throws SQLException {
        TestServices.requireReachable(HOST, 5432, "PostgreSQL");
        PostgresDatabase database = new PostgresDatabase(name);
        database.drop();
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":5432/postgres", TestServices.POSTGRES_USER, "")) {
            db.createStatement().execute("CREATE DATABASE " + name);
        }
        return database;
    }

    /** Creates {@code prefix_<random>}, a name no other run uses. */
    public static PostgresDatabase create(String prefix) throws SQLException {
        return fresh(prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    @Override
    public void close() throws SQLException {
        drop();
    }

    public void drop() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:postgresql://" + HOST + ":5432/postgres", TestServices.POSTGRES_USER, "")) {
            db.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + HOST + ":5432/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), TestServices.POSTGRES_USER, "");
    }

    /** What Weir's PostgreSQL build needs to run on this database. */
    public Map<String, String> weirEnvironment() {
        return Map.of("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(), "QUARKUS_DATASOURCE_USERNAME", TestServices.POSTGRES_USER);
    }

    /** Runs a plain SQL file (a {@code pg_dump} in plain format) with psql, stopping at the first error. */
    public void runSql(Path file) throws IOException, InterruptedException {
        tool("psql", "-v", "ON_ERROR_STOP=1", "-q", "-f", file.toString(), name);
    }

    /** {@code pg_dump --format=custom}: what the README's backup takes. */
    public void dump(Path file) throws IOException, InterruptedException {
        tool("pg_dump", "--format=custom", "--file=" + file, name);
    }

    /** {@code pg_restore} of a custom-format dump into this (empty) database. */
    public void restore(Path file) throws IOException, InterruptedException {
        tool("pg_restore", "--exit-on-error", "--no-owner", "--dbname=" + name, file.toString());
    }

    private static void tool(String command, String... arguments) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(command, "-h", HOST, "-U", TestServices.POSTGRES_USER));
        line.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(line).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command + " is not installed (Debian package postgresql-client): " + e.getMessage(), e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", line) + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
