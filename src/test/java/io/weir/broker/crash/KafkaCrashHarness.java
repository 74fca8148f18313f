package io.weir.broker.crash;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.PartitionDescription;
import io.weir.broker.log.LogRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Unmodified idempotent KafkaProducers ({@code acks=all}, {@code enable.idempotence=true}) send
 * keyed records to a {@link CrashKafkaServer} child, which is SIGKILLed {@code kills} times, each
 * after the producers were acknowledged again since the last restart and then 100 to 700 ms more,
 * and restarted on the same directory and port. The producers are never told: they retry across
 * the kills as they would against a Kafka broker. At the end every send is completed (flush), the
 * directory is opened in this JVM and the whole log is checked against the producers' callbacks.
 * A record's value is its key's sequence number, so a copy, a gap or a step back is visible.
 */
final class KafkaCrashHarness {

    private static final int PRODUCERS = 2;
    private static final int KEYS_PER_PRODUCER = 8;
    /** Sends a producer has not had a callback for; enough to keep several batches per partition in flight. */
    private static final int MAX_OUTSTANDING = 2_000;
    private static final Duration PROGRESS = Duration.ofSeconds(60);

    /** What one key was told and what the log holds of it; a key lives in one partition. */
    private static final class KeyLedger {
        final BitSet acknowledged = new BitSet();
        long[] acknowledgedOffset = new long[1024];
        int acknowledgedPartition = -1;
        final BitSet stored = new BitSet();
        int highestStored = -1;

        synchronized void acknowledge(int seq, int partition, long offset) {
            if (seq >= acknowledgedOffset.length) {
                acknowledgedOffset = Arrays.copyOf(acknowledgedOffset, Math.max(seq + 1, acknowledgedOffset.length * 2));
            }
            acknowledged.set(seq);
            acknowledgedOffset[seq] = offset;
            acknowledgedPartition = partition;
        }
    }

    private final Path dataDir;
    private final Path childLog;
    private final Random random;
    private final Map<String, KeyLedger> keys = new ConcurrentHashMap<>();
    private final List<String> findings = new ArrayList<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failedSends = new AtomicLong();
    private final Semaphore[] outstanding = new Semaphore[PRODUCERS];
    private volatile boolean producing = true;

    KafkaCrashHarness(Path dataDir, Path childLog, long seed) {
        this.dataDir = dataDir;
        this.childLog = childLog;
        this.random = new Random(seed);
    }

    KafkaCrashReport run(int kills) throws IOException, InterruptedException {
        long started = System.nanoTime();
        int port = freePort();
        ChildBroker child = ChildBroker.startWithKafkaListener(dataDir, port, childLog);
        List<KafkaProducer<String, String>> producers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            KafkaProducer<String, String> producer = producer(port);
            producers.add(producer);
            outstanding[p] = new Semaphore(MAX_OUTSTANDING);
            int index = p;
            Thread thread = new Thread(() -> produce(index, producer), "kafka-crash-producer-" + p);
            thread.start();
            threads.add(thread);
        }
        long notSigkill = 0;
        long sendsInFlightAtKills = 0;
        long killsWithSendsInFlight = 0;
        try {
            for (int kill = 0; kill < kills; kill++) {
                if (!awaitAcknowledgementBeyond(acknowledged.get())) {
                    findings.add("no send acknowledged within " + PROGRESS + " after restart " + kill);
                    break;
                }
                Thread.sleep(100 + random.nextInt(600));
                long inFlight = inFlight();
                int exit = child.kill();
                sendsInFlightAtKills += inFlight;
                killsWithSendsInFlight += inFlight > 0 ? 1 : 0;
                if (exit != ChildBroker.SIGKILL_EXIT) {
                    notSigkill++;
                    findings.add("kill " + kill + " ended the broker with exit value " + exit);
                }
                child = ChildBroker.startWithKafkaListener(dataDir, port, childLog);
                if ((kill + 1) % 50 == 0) { // a soak runs for a while: show it is moving
                    System.out.printf("kafka crash harness: %d of %d kills, %d sends acknowledged, %.0f s%n", kill + 1,
                            kills, acknowledged.get(), (System.nanoTime() - started) / 1e9);
                }
            }
            producing = false;
            for (Thread thread : threads) {
                thread.join();
            }
            for (KafkaProducer<String, String> producer : producers) {
                producer.flush(); // every send gets its callback: acknowledged, or failed for good
                producer.close(Duration.ofSeconds(10));
            }
        } finally {
            producing = false;
            child.kill();
        }
        long produceSeconds = (System.nanoTime() - started) / 1_000_000_000;
        return verify(kills, notSigkill, sendsInFlightAtKills, killsWithSendsInFlight, produceSeconds, started);
    }

    private KafkaProducer<String, String> producer(int port) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                // back soon after a restart: the defaults grow the pause between reconnects to 1 s
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200,
                ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 200),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends about 2,000 records a second, keys at random, each key's values 0, 1, 2, ... */
    private void produce(int index, KafkaProducer<String, String> producer) {
        int[] next = new int[KEYS_PER_PRODUCER];
        Random keysChosen = new Random(index);
        try {
            while (producing) {
                for (int i = 0; i < 10; i++) {
                    int k = keysChosen.nextInt(KEYS_PER_PRODUCER);
                    String key = "p" + index + "-k" + k;
                    int seq = next[k]++;
                    KeyLedger ledger = keys.computeIfAbsent(key, x -> new KeyLedger());
                    outstanding[index].acquire();
                    producer.send(new ProducerRecord<>(CrashKafkaServer.TOPIC, key, Integer.toString(seq)), (m, e) -> {
                        outstanding[index].release();
                        if (e == null) {
                            ledger.acknowledge(seq, m.partition(), m.offset());
                            acknowledged.incrementAndGet();
                        } else {
                            failedSends.incrementAndGet();
                            finding("send of " + key + " " + seq + " failed: " + e);
                        }
                    });
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            finding("producer " + index + " stopped: " + e);
        }
    }

    private boolean awaitAcknowledgementBeyond(long count) throws InterruptedException {
        long deadline = System.nanoTime() + PROGRESS.toNanos();
        while (acknowledged.get() <= count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return acknowledged.get() > count;
    }

    private long inFlight() {
        long sum = 0;
        for (Semaphore s : outstanding) {
            sum += MAX_OUTSTANDING - s.availablePermits();
        }
        return sum;
    }

    private KafkaCrashReport verify(int kills, long notSigkill, long sendsInFlightAtKills, long killsWithSendsInFlight,
            long produceSeconds, long started) throws IOException {
        long records = 0;
        long duplicates = 0;
        long orderViolations = 0;
        long misplaced = 0;
        Set<String> producerEpochs = new HashSet<>();
        try (Broker broker = Broker.open(dataDir, BrokerConfig.defaults())) {
            for (PartitionDescription partition : broker.describeTopic(CrashKafkaServer.TOPIC).partitions()) {
                long offset = partition.startOffset();
                while (offset < partition.endOffset()) {
                    for (LogRecord r : broker.read(CrashKafkaServer.TOPIC, partition.partition(), offset, 10_000)) {
                        records++;
                        offset = r.offset() + 1;
                        String key = new String(r.key(), StandardCharsets.UTF_8);
                        int seq = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8));
                        producerEpochs.add(r.messageId().substring(0, r.messageId().lastIndexOf('-', r.messageId().lastIndexOf('-') - 1)));
                        KeyLedger ledger = keys.get(key);
                        if (ledger.stored.get(seq)) {
                            duplicates++;
                            finding(key + " " + seq + " stored again at " + partition.partition() + "/" + r.offset());
                            continue;
                        }
                        if (seq < ledger.highestStored) {
                            orderViolations++;
                            finding(key + " " + seq + " stored at " + partition.partition() + "/" + r.offset()
                                    + " after " + ledger.highestStored);
                        }
                        ledger.stored.set(seq);
                        ledger.highestStored = Math.max(ledger.highestStored, seq);
                        if (ledger.acknowledged.get(seq) && (ledger.acknowledgedPartition != partition.partition()
                                || ledger.acknowledgedOffset[seq] != r.offset())) {
                            misplaced++;
                            finding(key + " " + seq + " acknowledged at " + ledger.acknowledgedPartition + "/"
                                    + ledger.acknowledgedOffset[seq] + " is stored at " + partition.partition() + "/"
                                    + r.offset());
                        }
                    }
                }
            }
        }
        long lost = 0;
        for (Map.Entry<String, KeyLedger> e : keys.entrySet()) {
            BitSet missing = (BitSet) e.getValue().acknowledged.clone();
            missing.andNot(e.getValue().stored);
            lost += missing.cardinality();
            if (!missing.isEmpty()) {
                finding(e.getKey() + ": " + missing.cardinality() + " acknowledged values missing, the first " + missing.nextSetBit(0));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new KafkaCrashReport(lost, misplaced, duplicates, orderViolations, notSigkill, kills, acknowledged.get(),
                failedSends.get(), records, sendsInFlightAtKills, killsWithSendsInFlight, producerEpochs.size(),
                produceSeconds, seconds, List.copyOf(findings));
    }

    private void finding(String text) {
        synchronized (findings) {
            findings.add(text);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
