package io.weir.broker.crash;

import io.weir.broker.crash.BrokerConnection.Published;
import io.weir.broker.crash.BrokerConnection.Received;
import io.weir.broker.crash.BrokerConnection.Refused;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The producers and consumers of the crash harness, each a thread with its own connection that
 * reconnects whenever the broker dies, and what they observed. Producers keep one publish in flight
 * and retry it with the same message ID until it is acknowledged. Two ordered consumers commit
 * a few milliseconds after each fetch, so partitions change owner at every restart while the other keeps committing;
 * a reader watches the ordered group's description, which must never go back. The shared consumers
 * hold each delivery a few milliseconds before acking it, so that kills catch deliveries in flight.
 */
final class CrashClients {

    static final int KEYS_PER_PRODUCER = 4;

    /** An acknowledged publish: where the broker said it is, and how many attempts it took. */
    record Ack(int partition, long offset, int attempts, boolean duplicate) {
    }

    /** A shared delivery held, unacknowledged, when its broker (of this generation) died. */
    record InFlight(String id, long generation) {
    }

    private final int port;
    private volatile boolean producing = true;
    private volatile boolean consuming = true;
    /** Incremented by the harness at every start of the broker. */
    final AtomicLong generation = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();

    final Map<String, Ack> acks = new ConcurrentHashMap<>();
    final LongAdder failedAttempts = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final LongAdder retriesAnsweredDuplicate = new LongAdder();
    final LongAdder retriesStoredNew = new LongAdder();

    final Map<String, Integer> orderedSeen = new ConcurrentHashMap<>();
    /** Per partition, the highest commit the broker acknowledged. Guarded by itself. */
    final Map<Integer, Long> acknowledgedCommits = new HashMap<>();
    final List<String> offsetsWentBack = new ArrayList<>(); // guarded by acknowledgedCommits

    final Set<String> sharedAcked = ConcurrentHashMap.newKeySet();
    /** Acks sent whose answer a kill cut off: the broker may or may not have applied them. */
    final Set<String> sharedAckUnanswered = ConcurrentHashMap.newKeySet();
    final Map<String, Long> sharedLastDeliveryGeneration = new ConcurrentHashMap<>();
    final List<InFlight> inFlightAtKill = new ArrayList<>(); // guarded by itself
    final LongAdder staleAcks = new LongAdder();

    CrashClients(int port) {
        this.port = port;
    }

    void start(int producers, int sharedConsumers) {
        for (int p = 0; p < producers; p++) {
            int id = p;
            spawn("crash-producer-" + p, () -> produce(id));
        }
        for (String consumer : List.of("c0", "c1")) {
            spawn("crash-ordered-" + consumer, () -> consumeOrdered(consumer));
        }
        spawn("crash-committed-reader", this::watchCommitted);
        for (int s = 0; s < sharedConsumers; s++) {
            String consumer = "s" + s;
            spawn("crash-shared-" + s, () -> consumeShared(consumer));
        }
    }

    /** Producers finish the publish in hand (so every message they began is acknowledged) and stop. */
    void stopProducing() throws InterruptedException {
        producing = false;
        for (Thread t : threads) {
            if (t.getName().startsWith("crash-producer")) {
                t.join();
            }
        }
    }

    void stopConsuming() throws InterruptedException {
        consuming = false;
        for (Thread t : threads) {
            t.join();
        }
    }

    private void spawn(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private void produce(int producer) {
        BrokerConnection connection = null;
        for (long seq = 0; producing; seq++) {
            String key = "k" + producer + "-" + (seq % KEYS_PER_PRODUCER);
            String id = "p" + producer + "-" + seq;
            for (int attempt = 1; ; attempt++) {
                try {
                    connection = connection != null ? connection : BrokerConnection.open(port);
                    Published r = connection.publish(id, key, String.valueOf(seq));
                    acks.put(id, new Ack(r.partition(), r.offset(), attempt, r.duplicate()));
                    if (attempt > 1) {
                        (r.duplicate() ? retriesAnsweredDuplicate : retriesStoredNew).increment();
                    }
                    // paced so the shared consumers, whose every ack is an fsynced journal entry, keep up
                    Thread.sleep(2);
                    break;
                } catch (IOException e) {
                    failedAttempts.increment();
                    connection = reconnectLater(connection);
                } catch (Refused e) {
                    failedAttempts.increment();
                    refusals.increment();
                    pause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        closeQuietly(connection);
    }

    private void consumeOrdered(String consumer) {
        BrokerConnection connection = null;
        Map<Integer, Long> expectedNext = new HashMap<>(); // per partition, within one connection
        while (consuming) {
            try {
                if (connection == null) {
                    connection = BrokerConnection.open(port);
                    expectedNext.clear();
                }
                Map<Integer, Long> acknowledgedBefore;
                synchronized (acknowledgedCommits) {
                    acknowledgedBefore = new HashMap<>(acknowledgedCommits);
                }
                List<Received> batch = connection.fetch(consumer, 500, 100);
                Map<Integer, Long> commit = new HashMap<>();
                for (Received m : batch) {
                    String[] po = m.handle().split(" ");
                    int partition = Integer.parseInt(po[0]);
                    long offset = Long.parseLong(po[1]);
                    if (!expectedNext.containsKey(partition)) {
                        checkNotBehindCommit(partition, offset, acknowledgedBefore);
                    }
                    expectedNext.put(partition, offset + 1);
                    orderedSeen.merge(m.id(), 1, Integer::sum);
                    commit.put(partition, offset + 1);
                }
                if (!commit.isEmpty()) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(5)); // processing: a rebalance may come meanwhile
                    connection.commit(consumer, commit);
                    synchronized (acknowledgedCommits) {
                        commit.forEach((p, o) -> acknowledgedCommits.merge(p, o, Math::max));
                    }
                }
            } catch (IOException e) {
                connection = reconnectLater(connection);
            } catch (Refused e) {
                refusals.increment(); // e.g. a commit of partitions a rebalance gave to the other consumer
                expectedNext.clear();
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        closeQuietly(connection);
    }

    /**
     * Reads the ordered group's committed offsets again and again, across restarts, as a
     * monitoring client does: each must be at least the highest shown before.
     */
    private void watchCommitted() {
        BrokerConnection connection = null;
        Map<Integer, Long> highest = new HashMap<>();
        while (consuming) {
            try {
                connection = connection != null ? connection : BrokerConnection.open(port);
                connection.committed().forEach((p, now) -> {
                    long before = highest.getOrDefault(p, 0L);
                    if (now < before) {
                        synchronized (acknowledgedCommits) {
                            offsetsWentBack.add("the description showed partition " + p + " at " + now
                                    + " after it had shown " + before);
                        }
                    }
                    highest.merge(p, now, Math::max);
                });
                Thread.sleep(5);
            } catch (IOException e) {
                connection = reconnectLater(connection);
            } catch (Refused e) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        closeQuietly(connection);
    }

    /**
     * The first message of a partition after (re)connecting or a refused commit starts at the
     * committed offset, never before: never below a commit acknowledged before the fetch was sent.
     * (One acknowledged later may be the other consumer's, which got the partition meanwhile.)
     */
    private void checkNotBehindCommit(int partition, long offset, Map<Integer, Long> acknowledgedBefore) {
        synchronized (acknowledgedCommits) {
            long committed = acknowledgedBefore.getOrDefault(partition, 0L);
            if (offset < committed) {
                offsetsWentBack.add("partition " + partition + " resumed at " + offset + " below commit " + committed);
            }
        }
    }

    private void consumeShared(String consumer) {
        BrokerConnection connection = null;
        List<Received> held = new ArrayList<>();
        long heldGeneration = 0;
        String acking = null;
        while (consuming) {
            try {
                connection = connection != null ? connection : BrokerConnection.open(port);
                long generationBefore = generation.get();
                held.addAll(connection.receive(consumer, 20, 100));
                heldGeneration = generationBefore;
                for (Received m : held) {
                    sharedLastDeliveryGeneration.merge(m.id(), generationBefore, Math::max);
                }
                while (!held.isEmpty()) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(2));
                    Received m = held.get(0);
                    held.remove(0);
                    acking = m.id();
                    boolean current = connection.ack(m.handle());
                    acking = null;
                    if (current) {
                        sharedAcked.add(m.id());
                    } else {
                        staleAcks.increment();
                    }
                }
            } catch (IOException e) {
                if (acking != null) {
                    sharedAckUnanswered.add(acking);
                    acking = null;
                }
                synchronized (inFlightAtKill) {
                    for (Received m : held) {
                        inFlightAtKill.add(new InFlight(m.id(), heldGeneration));
                    }
                }
                held.clear();
                connection = reconnectLater(connection);
            } catch (Refused e) {
                refusals.increment();
                held.clear(); // the visibility timeout brings them back
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        closeQuietly(connection);
    }

    private static BrokerConnection reconnectLater(BrokerConnection broken) {
        closeQuietly(broken);
        pause();
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(BrokerConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (IOException e) {
                // closing a broken socket
            }
        }
    }
}
