package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A consumer group of three unmodified KafkaConsumers, each in a JVM of its own
 * ({@link GroupMemberProcess}), one of which is SIGKILLed while a producer keeps writing: it
 * sends no LeaveGroup, so the listener's coordinator must notice the session expire and rebalance
 * its partitions to the other two. Every record is consumed at least once, each member processes
 * each partition it holds in offset order (so each key in order), and the group's committed
 * offsets, read through Admin all along, never move back.
 */
class ConsumerGroupKillTest extends ListenerTestCase {

    private static final String TOPIC = "orders";
    private static final String GROUP = "fulfilment";
    private static final int PARTITIONS = 6;
    private static final int KEYS = 24;
    private static final int SESSION_TIMEOUT_MS = 3_000;
    private static final Duration WAIT = Duration.ofSeconds(40);

    /** One member process and every line it printed. */
    private static final class Member implements AutoCloseable {
        final Process process;
        final List<String> events = new CopyOnWriteArrayList<>();

        Member(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        events.add(line);
                    }
                } catch (IOException e) {
                    // the process is gone: its lines so far are what it processed
                }
            }, "member-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        /** The partitions of its last assignment, empty before it has one. */
        Set<Integer> assignment() {
            Set<Integer> now = new TreeSet<>();
            for (String e : events) {
                if (e.startsWith("ASSIGNED")) {
                    now.clear();
                    now.addAll(partitions(e));
                }
            }
            return now;
        }

        private static List<Integer> partitions(String event) {
            String list = event.substring(event.indexOf(' ') + 1).trim();
            return list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(Integer::valueOf).toList();
        }

        long records() {
            return events.stream().filter(e -> e.startsWith("R ")).count();
        }

        int kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("member exited").isTrue();
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }

    @Test
    void killedMembersPartitionsMoveToTheOthersNothingIsMissedKeyOrderHoldsAndCommitsNeverGoBack() throws Exception {
        weir.createTopic(TOPIC, PARTITIONS);
        Map<String, String> produced = new HashMap<>(); // "partition offset" -> "key value"
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = new Thread(() -> produce(producing, produced), "group-kill-producer");
        List<String> commitsWentBack = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Map<Integer, Long> highestCommitted = new HashMap<>();
        AtomicLong commitReads = new AtomicLong();
        Thread watcher = new Thread(() -> watchCommits(watching, highestCommitted, commitsWentBack, commitReads),
                "commit-watcher");
        long started = System.nanoTime();
        List<Member> members = new ArrayList<>();
        try {
            producer.start();
            watcher.start();
            for (int i = 0; i < 3; i++) {
                members.add(startMember());
            }
            await(() -> members.stream().allMatch(m -> m.assignment().size() == 2 && m.records() > 0),
                    "three members with two partitions each, each consuming");
            Member victim = members.get(0);
            Set<Integer> victimsPartitions = victim.assignment();
            long victimsRecords = victim.records();
            assertThat(victim.kill()).as("exit value of a SIGKILLed JVM").isEqualTo(128 + 9);
            List<Member> survivors = members.subList(1, 3);
            await(() -> survivors.stream().allMatch(m -> m.assignment().size() == 3),
                    "the two others holding three partitions each after the session timeout");
            Thread.sleep(1_000); // some traffic on the new assignment
            producing.set(false);
            producer.join();
            await(() -> consumed(members).keySet().containsAll(produced.keySet()), "every record consumed");
            await(() -> highestCommittedCovers(highestCommitted), "the group committed up to the end of every partition");
            watching.set(false);
            watcher.join();

            Map<String, String> consumed = consumed(members);
            assertThat(produced).hasSizeGreaterThan(500);
            for (Map.Entry<String, String> e : produced.entrySet()) {
                assertThat(consumed.get(e.getKey())).as("record at " + e.getKey()).isEqualTo(e.getValue());
            }
            for (Member m : members) {
                assertThat(orderViolations(m)).as("order violations of member " + m.process.pid()).isEmpty();
            }
            assertThat(commitsWentBack).as("committed offsets that went back").isEmpty();
            Set<Integer> takenOver = new HashSet<>();
            for (Member m : survivors) {
                takenOver.addAll(m.assignment());
            }
            assertThat(takenOver).containsAll(victimsPartitions).hasSize(PARTITIONS);
            long redelivered = members.stream().mapToLong(Member::records).sum() - produced.size();
            assertThat(commitReads.get()).as("reads of the committed offsets").isGreaterThan(10);
            System.out.printf("group kill: %d records produced, %d processed by the killed member before the kill, "
                    + "%d processed again after the rebalance (at least once), committed offsets read %d times, "
                    + "went back %d times, %.1f s%n", produced.size(), victimsRecords, redelivered, commitReads.get(),
                    commitsWentBack.size(), (System.nanoTime() - started) / 1e9);
        } finally {
            producing.set(false);
            watching.set(false);
            for (Member m : members) {
                m.close();
            }
        }
    }

    private Member startMember() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Path.of("target", "group-kill");
        Files.createDirectories(log);
        Process process = new ProcessBuilder(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), GroupMemberProcess.class.getName(), weir.bootstrap(), TOPIC,
                GROUP, String.valueOf(SESSION_TIMEOUT_MS)))
                .redirectError(Redirect.appendTo(log.resolve("members.log").toFile()))
                .start();
        return new Member(process);
    }

    /** Keyed records, each key's values 0, 1, 2, ..., about 400 a second, until told to stop. */
    private void produce(AtomicBoolean producing, Map<String, String> produced) {
        int[] next = new int[KEYS];
        try (KafkaProducer<String, String> producer = weir.producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; producing.get(); i++) {
                String key = "k" + (i % KEYS);
                String value = String.valueOf(next[i % KEYS]++);
                producer.send(new ProducerRecord<>(TOPIC, key, value), (m, e) -> {
                    if (e == null) {
                        synchronized (produced) {
                            produced.put(m.partition() + " " + m.offset(), key + " " + value);
                        }
                    }
                });
                if (i % 4 == 0) {
                    Thread.sleep(10);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads the group's committed offsets through Admin every 100 ms; notes any that is below one read before. */
    private void watchCommits(AtomicBoolean watching, Map<Integer, Long> highest, List<String> wentBack,
            AtomicLong reads) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrap()))) {
            while (watching.get()) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                reads.incrementAndGet();
                synchronized (highest) {
                    offsets.forEach((tp, o) -> {
                        long before = highest.getOrDefault(tp.partition(), -1L);
                        if (o != null && o.offset() < before) {
                            wentBack.add(tp + " committed " + o.offset() + " after " + before);
                        }
                        if (o != null) {
                            highest.merge(tp.partition(), o.offset(), Math::max);
                        }
                    });
                }
                Thread.sleep(100);
            }
        } catch (Exception e) {
            wentBack.add("the commit watcher failed: " + e);
        }
    }

    private boolean highestCommittedCovers(Map<Integer, Long> highest) {
        synchronized (highest) {
            for (int p = 0; p < PARTITIONS; p++) {
                if (highest.getOrDefault(p, -1L) < weir.broker.describeTopic(TOPIC).partitions().get(p).endOffset()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Every record any member processed, "partition offset" -> "key value". */
    private static Map<String, String> consumed(List<Member> members) {
        Map<String, String> consumed = new HashMap<>();
        for (Member m : members) {
            for (String e : m.events) {
                if (e.startsWith("R ")) {
                    String[] f = e.split(" ");
                    consumed.put(f[1] + " " + f[2], f[3] + " " + f[4]);
                }
            }
        }
        return consumed;
    }

    /**
     * Within each assignment a member held, its records of a partition must come in offset order
     * and its values of a key in increasing order; after a new assignment it may start again from
     * the committed offset.
     */
    private static List<String> orderViolations(Member m) {
        List<String> violations = new ArrayList<>();
        Map<Integer, Long> lastOffset = new HashMap<>();
        Map<String, Integer> lastValue = new HashMap<>();
        for (String e : m.events) {
            if (e.startsWith("ASSIGNED")) {
                lastOffset.clear();
                lastValue.clear();
            } else if (e.startsWith("R ")) {
                String[] f = e.split(" ");
                int partition = Integer.parseInt(f[1]);
                long offset = Long.parseLong(f[2]);
                int value = Integer.parseInt(f[4]);
                Long before = lastOffset.put(partition, offset);
                if (before != null && offset != before + 1) {
                    violations.add("partition " + partition + ": offset " + offset + " after " + before);
                }
                Integer previous = lastValue.put(f[3], value);
                if (previous != null && value <= previous) {
                    violations.add("key " + f[3] + ": " + value + " after " + previous);
                }
            }
        }
        return violations;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("within " + WAIT + ": " + what).isTrue();
            Thread.sleep(100);
        }
    }
}
