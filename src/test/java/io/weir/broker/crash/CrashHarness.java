package io.weir.broker.crash;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.ConsumedMessage;
import io.weir.broker.GroupConfig;
import io.weir.broker.GroupDescription;
import io.weir.broker.crash.CrashClients.Ack;
import io.weir.broker.crash.CrashClients.InFlight;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs producers and consumers against a {@link CrashBrokerServer} child, SIGKILLs the child
 * {@code kills} times, each after a random 100 to 700 ms of traffic, restarting it on the same
 * directory, then lets the consumers catch up, opens the directory in this JVM and checks the
 * whole log against what the clients were told (see {@link CrashReport}).
 */
final class CrashHarness {

    private static final int PRODUCERS = 4;
    private static final int SHARED_CONSUMERS = 4;
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final Path dataDir;
    private final Path childLog;
    private final Random random;
    private final List<String> findings = new ArrayList<>();

    CrashHarness(Path dataDir, Path childLog, long seed) {
        this.dataDir = dataDir;
        this.childLog = childLog;
        this.random = new Random(seed);
    }

    CrashReport run(int kills) throws IOException, InterruptedException {
        long started = System.nanoTime();
        int port = freePort();
        CrashClients clients = new CrashClients(port);
        clients.generation.incrementAndGet();
        ChildBroker child = ChildBroker.start(dataDir, port, childLog);
        clients.start(PRODUCERS, SHARED_CONSUMERS);
        long notSigkill = 0;
        long commitChecks = 0;
        long commitsWentBack = 0;
        for (int kill = 0; kill < kills; kill++) {
            Thread.sleep(100 + random.nextInt(600));
            int exit = child.kill();
            if (exit != ChildBroker.SIGKILL_EXIT) {
                notSigkill++;
                findings.add("kill " + kill + " ended the broker with exit value " + exit);
            }
            Map<Integer, Long> acknowledged;
            synchronized (clients.acknowledgedCommits) {
                acknowledged = new HashMap<>(clients.acknowledgedCommits);
            }
            clients.generation.incrementAndGet();
            child = ChildBroker.start(dataDir, port, childLog);
            commitChecks++;
            commitsWentBack += checkCommitted(port, acknowledged);
        }
        clients.stopProducing();
        boolean caughtUp = awaitConsumers(clients);
        clients.stopConsuming();
        child.kill();
        synchronized (clients.acknowledgedCommits) {
            commitsWentBack += clients.offsetsWentBack.size();
            findings.addAll(clients.offsetsWentBack);
        }
        if (!caughtUp) {
            findings.add("consumers did not catch up within " + CATCH_UP);
        }
        return verifyLog(clients, kills, notSigkill, commitChecks, commitsWentBack, (System.nanoTime() - started) / 1e9);
    }

    private long checkCommitted(int port, Map<Integer, Long> acknowledged) throws IOException {
        Map<Integer, Long> committed;
        try (BrokerConnection connection = BrokerConnection.open(port)) {
            committed = connection.committed();
        } catch (BrokerConnection.Refused e) {
            throw new IOException("broker refused to describe the ordered group: " + e.getMessage(), e);
        }
        long back = 0;
        for (Map.Entry<Integer, Long> e : acknowledged.entrySet()) {
            long now = committed.getOrDefault(e.getKey(), 0L);
            if (now < e.getValue()) {
                back++;
                findings.add("after a restart partition " + e.getKey() + " is committed at " + now
                        + ", below the acknowledged " + e.getValue());
            }
        }
        return back;
    }

    private boolean awaitConsumers(CrashClients clients) throws InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        while (System.nanoTime() < deadline) {
            if (clients.acks.keySet().stream().allMatch(id -> consumed(clients, id))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    private CrashReport verifyLog(CrashClients clients, int kills, long notSigkill, long commitChecks,
            long commitsWentBack, double seconds) throws IOException, InterruptedException {
        Map<String, List<long[]>> copies = new HashMap<>(); // id -> [partition, offset] of each copy
        long orderViolations = 0;
        long records = 0;
        try (Broker broker = Broker.open(dataDir, BrokerConfig.defaults())) {
            broker.createGroup(CrashBrokerServer.TOPIC, "verify", GroupConfig.ordered());
            long total = broker.describeTopic(CrashBrokerServer.TOPIC).messages();
            GroupDescription shared = broker.describeGroup(CrashBrokerServer.TOPIC, CrashBrokerServer.SHARED);
            if (shared.totalLag() > 0) {
                findings.add("shared group at the end: next unacked " + shared.committed() + ", lag " + shared.lag()
                        + ", in flight " + shared.inFlight() + ", dead letters " + shared.deadLetters());
            }
            Map<String, Long> lastSeqOfKey = new HashMap<>();
            while (records < total) {
                List<ConsumedMessage> batch = broker.fetch(CrashBrokerServer.TOPIC, "verify", "v", 10_000, Duration.ofSeconds(1));
                for (ConsumedMessage m : batch) { // in offset order within each partition; a key stays in one
                    records++;
                    String id = m.record().messageId();
                    copies.computeIfAbsent(id, k -> new ArrayList<>()).add(new long[] {m.partition(), m.offset()});
                    String key = new String(m.record().key(), StandardCharsets.UTF_8);
                    long seq = Long.parseLong(new String(m.record().value(), StandardCharsets.UTF_8));
                    Long last = lastSeqOfKey.get(key);
                    if (last != null && seq < last && copies.get(id).size() == 1) {
                        orderViolations++;
                        findings.add("key " + key + ": " + id + " stored at " + m.partition() + "/" + m.offset()
                                + " after seq " + last);
                    }
                    lastSeqOfKey.merge(key, seq, Math::max);
                }
                if (batch.isEmpty()) {
                    throw new IOException("log ended after " + records + " of " + total + " records");
                }
            }
        }
        long lost = 0;
        long misplaced = 0;
        long unconsumed = 0;
        Map<Integer, long[]> unconsumedByPartition = new java.util.TreeMap<>(); // count, lowest offset
        for (Map.Entry<String, Ack> e : clients.acks.entrySet()) {
            List<long[]> stored = copies.get(e.getKey());
            Ack ack = e.getValue();
            if (stored == null) {
                lost++;
                findings.add("acknowledged " + e.getKey() + " at " + ack.partition() + "/" + ack.offset() + " is lost");
            } else if (stored.stream().noneMatch(c -> c[0] == ack.partition() && c[1] == ack.offset())) {
                misplaced++;
                findings.add("acknowledged " + e.getKey() + " at " + ack.partition() + "/" + ack.offset()
                        + " is stored elsewhere");
            }
            if (!consumed(clients, e.getKey())) {
                unconsumed++;
                String group = clients.orderedSeen.containsKey(e.getKey()) ? "shared" : "ordered";
                long[] counts = unconsumedByPartition.computeIfAbsent(ack.partition(), p -> new long[] {0, Long.MAX_VALUE});
                counts[0]++;
                counts[1] = Math.min(counts[1], ack.offset());
                if (counts[0] == 1) {
                    findings.add("acknowledged " + e.getKey() + " at " + ack.partition() + "/" + ack.offset()
                            + " was not consumed by the " + group + " group");
                }
            }
        }
        unconsumedByPartition.forEach((p, c) -> findings.add("partition " + p + ": " + c[0]
                + " acknowledged messages not consumed, the lowest at offset " + c[1]));
        long retriedDuplicates = 0;
        long unexplainedDuplicates = 0;
        for (Map.Entry<String, List<long[]>> e : copies.entrySet()) {
            int extra = e.getValue().size() - 1;
            Ack ack = clients.acks.get(e.getKey());
            if (extra > 0 && ack != null && ack.attempts() > 1) {
                retriedDuplicates += extra;
            } else if (extra > 0) {
                unexplainedDuplicates += extra;
                findings.add(e.getKey() + " stored " + (extra + 1) + " times but never retried");
            }
        }
        long notRedelivered = 0;
        List<InFlight> inFlight;
        synchronized (clients.inFlightAtKill) {
            inFlight = List.copyOf(clients.inFlightAtKill);
        }
        for (InFlight f : inFlight) {
            if (clients.sharedLastDeliveryGeneration.getOrDefault(f.id(), 0L) <= f.generation()) {
                notRedelivered++;
                findings.add("shared delivery of " + f.id() + " in flight at kill of broker " + f.generation()
                        + " was not delivered again");
            }
        }
        long orderedRedeliveries = clients.orderedSeen.values().stream().mapToLong(n -> n - 1).sum();
        return new CrashReport(lost, misplaced, orderViolations, unexplainedDuplicates, commitsWentBack,
                notRedelivered, unconsumed, notSigkill, kills, clients.acks.size(), records,
                clients.failedAttempts.sum(), clients.refusals.sum(), clients.retriesAnsweredDuplicate.sum(),
                clients.retriesStoredNew.sum(), retriedDuplicates, orderedRedeliveries, inFlight.size(),
                clients.staleAcks.sum(), commitChecks, seconds, List.copyOf(findings));
    }

    /**
     * Fetched by the ordered group and acked in the shared group. An ack whose answer a kill cut
     * off counts if the message was not delivered again: the broker applied it.
     */
    private static boolean consumed(CrashClients clients, String id) {
        return clients.orderedSeen.containsKey(id)
                && (clients.sharedAcked.contains(id) || clients.sharedAckUnanswered.contains(id));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
