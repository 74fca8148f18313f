package io.weir.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/** A fresh, uniquely named database on the real PostgreSQL (127.0.0.1:5432), dropped on close. */
public final class PostgresDatabase implements AutoCloseable {

    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code prefix_<random>}; fails when PostgreSQL is not reachable. */
    public static PostgresDatabase create(String prefix) throws SQLException {
        TestServices.requireReachable("127.0.0.1", 5432, "PostgreSQL");
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, TestServices.POSTGRES_USER, "")) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        }
        return new PostgresDatabase(name);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), TestServices.POSTGRES_USER, "");
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, TestServices.POSTGRES_USER, "")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
