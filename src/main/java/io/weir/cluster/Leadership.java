package io.weir.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Which replica leads, and the fence for the writes only the leader may make. The rule scheduler,
 * the dispatcher and outbox sender, replay jobs, offset resets and purges ask {@link #isLeader} before
 * acting and make their writes through {@link #fenced} (or call {@link #checkLease} inside their
 * own transaction), so a replica that lost the lease while it was paused cannot write even if its
 * own check came just before the pause.
 *
 * <p>With {@code weir.cluster.enabled} one thread renews the lease every renew-interval (or tries
 * to take it when another replica's has expired). The leader stops acting, by its own monotonic
 * clock, once lease-duration minus one renew-interval passed since the start of its last successful
 * renewal, without asking the database: the database's expiry of that renewal is later still. Off,
 * this process always leads with the epoch it took at start, fences cost nothing, and the thread
 * only checks every renew-interval that the database answers. Thread-safe.
 */
@ApplicationScoped
@Startup
public class Leadership {

    private static final Logger LOG = Logger.getLogger(Leadership.class);
    static final String LEASE = "leader";

    private final DataSource dataSource;
    private final EntityManager entities;
    private final ClusterConfig config;
    private final MeterRegistry registry;
    private final String replica = replicaId();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private LeaseTable lease;
    private ScheduledExecutorService thread;
    /** The epoch this replica holds the lease at, 0 when none. */
    private volatile long epoch;
    /** {@link System#nanoTime} after which this replica must not act on its lease any more. */
    private volatile long actUntil;
    private volatile LeaseTable.Holder observed;
    private volatile String databaseProblem;
    /** Renew thread only: whether this replica led at the last look, to log and count changes once. */
    private boolean leading;
    /** Renew thread only: what listeners were last told (who leads, the database's problem). */
    private String shown = "";
    private Counter changes;

    Leadership(DataSource dataSource, EntityManager entities, ClusterConfig config, MeterRegistry registry) {
        Duration interval = config.renewInterval();
        if (interval.isNegative() || interval.isZero() || config.leaseDuration().compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("weir.cluster.lease-duration must be at least twice weir.cluster.renew-interval");
        }
        this.dataSource = dataSource;
        this.entities = entities;
        this.config = config;
        this.registry = registry;
    }

    @PostConstruct
    void start() {
        try (Connection connection = dataSource.getConnection()) {
            lease = new LeaseTable(LEASE, LeaseTable.isPostgresql(connection));
            if (!config.enabled()) {
                epoch = lease.takeUnconditionally(connection, replica);
                leading = true;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the leader lease from the database: " + e.getMessage(), e);
        }
        Gauge.builder(ClusterMetrics.LEADER, () -> isLeader() ? 1 : 0)
                .description("1 while this replica is the leader (evaluates rules, sends notifications, runs operations)")
                .register(registry);
        changes = Counter.builder(ClusterMetrics.LEADER_CHANGES)
                .description("Times this replica became or stopped being the leader").register(registry);
        if (config.enabled()) {
            LOG.infof("Replica %s elects a leader through the database (renew every %s, lease %s)", replica,
                    config.renewInterval(), config.leaseDuration());
            renew();
        }
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "weir-leadership");
            t.setDaemon(true);
            return t;
        });
        long interval = config.renewInterval().toMillis();
        thread.scheduleWithFixedDelay(this::renew, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** On a clean stop the lease ends at once, so another replica takes over without waiting for its expiry. */
    void onShutdown(@Observes ShutdownEvent event) {
        thread.shutdownNow();
        long held = epoch;
        if (config.enabled() && held != 0) {
            epoch = 0;
            try (Connection connection = dataSource.getConnection()) {
                lease.release(connection, replica, held);
                LOG.infof("Replica %s gave up the lead (epoch %d) as it stops", replica, held);
            } catch (SQLException e) {
                LOG.infof("Replica %s could not give up the lead as it stops (%s); it expires by itself", replica, e.getMessage());
            }
        }
    }

    /** True when replicas elect a leader ({@code weir.cluster.enabled}); false for a single process. */
    public boolean clustered() {
        return config.enabled();
    }

    /** True while this replica may act as the leader. Costs no database call. */
    public boolean isLeader() {
        return !config.enabled() || epoch != 0 && System.nanoTime() - actUntil < 0;
    }

    /** The fencing token of this replica's lease; meaningful only while {@link #isLeader}. */
    public long epoch() {
        return epoch;
    }

    /** This replica's name in the lease: host, process id and a random part. */
    public String replica() {
        return replica;
    }

    /** The replica the lease row names as leader at the last renewal, while unexpired. */
    public Optional<String> leader() {
        if (!config.enabled()) {
            return Optional.of(replica);
        }
        LeaseTable.Holder holder = observed;
        return holder == null || holder.expired() ? Optional.empty() : Optional.of(holder.holder());
    }

    /**
     * Why this replica must not apply an operation only the leader applies, naming the leader for
     * the operator to go to: "this replica (r1) is not the leader; offset resets are applied by the
     * leader (r2): apply it there". Empty on the leader. {@code operations} is the plural subject,
     * e.g. "purges".
     */
    public Optional<String> followerRefusal(String operations) {
        if (isLeader()) {
            return Optional.empty();
        }
        return Optional.of("this replica (" + replica + ") is not the leader; " + operations + " are applied by the leader"
                + leader().map(leader -> " (" + leader + ")").orElse("") + ": apply it there");
    }

    /** Why the database did not answer the last renewal, if it did not. */
    public Optional<String> databaseProblem() {
        return Optional.ofNullable(databaseProblem);
    }

    /** Runs {@code listener} (on the leadership thread) when the leader changes or the database stops or starts answering. */
    public Runnable subscribe(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Inside the caller's transaction: refuses, with {@link LeaseLostException}, unless this
     * replica still holds the lease at its epoch by the database's clock. On PostgreSQL the lease
     * row stays share-locked until the transaction ends, so a takeover waits for the write.
     */
    public void checkLease() {
        if (!config.enabled()) {
            return;
        }
        long held = epoch;
        if (!isLeader()) {
            throw new LeaseLostException("replica " + replica + " is not the leader");
        }
        boolean holds = entities.unwrap(Session.class).doReturningWork(connection -> lease.holds(connection, replica, held));
        if (!holds) {
            throw new LeaseLostException("replica " + replica + " no longer holds the lease of epoch " + held);
        }
    }

    /** Runs {@code work} in a new transaction that commits only if the lease is still ours ({@link #checkLease}). */
    public <T> T fenced(Supplier<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> {
            checkLease();
            return work.get();
        });
    }

    public void fenced(Runnable work) {
        fenced(() -> {
            work.run();
            return null;
        });
    }

    private void renew() {
        long started = System.nanoTime();
        String lost = null;
        try (Connection connection = dataSource.getConnection()) {
            if (config.enabled()) {
                long held = epoch;
                OptionalLong now = held == 0 ? OptionalLong.empty() : lease.renew(connection, replica, held, config.leaseDuration());
                if (now.isEmpty() && held != 0) {
                    epoch = 0;
                    lost = "another replica took the lease over";
                }
                if (now.isEmpty()) {
                    now = lease.takeOver(connection, replica, config.leaseDuration());
                }
                if (now.isPresent()) {
                    actUntil = started + config.leaseDuration().minus(config.renewInterval()).toNanos();
                    epoch = now.getAsLong();
                }
            }
            observed = lease.current(connection).orElse(null);
            if (databaseProblem != null) {
                LOG.infof("The database answers again (it did not since: %s)", databaseProblem);
                databaseProblem = null;
            }
        } catch (SQLException | RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            if (databaseProblem == null) {
                LOG.warnf("The database does not answer%s: %s", config.enabled() ? "; the lease cannot be renewed" : "", reason);
            }
            databaseProblem = reason;
            lost = "its lease could not be renewed in time";
        }
        publish(lost);
    }

    private void publish(String reason) {
        boolean now = isLeader();
        if (now != leading) {
            leading = now;
            changes.increment();
            if (now) {
                LOG.infof("Replica %s is the leader now (epoch %d)", replica, epoch);
            } else {
                LOG.infof("Replica %s is no longer the leader: %s", replica, reason == null ? "its lease expired" : reason);
            }
        }
        String state = now + " " + leader().orElse("") + " " + databaseProblem().orElse("");
        if (!state.equals(shown)) {
            shown = state;
            listeners.forEach(Runnable::run);
        }
    }

    private static String replicaId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(random);
    }
}
