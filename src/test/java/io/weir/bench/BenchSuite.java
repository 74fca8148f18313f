package io.weir.bench;

import io.weir.bench.broker.BrokerBenchmark;
import io.weir.bench.listener.ListenerBenchmark;
import io.weir.bench.operations.OperationsBenchmark;

/**
 * Entry point of the {@code bench} Maven profile: {@code -Dbench.suite=monitoring} (the default)
 * runs {@link MonitoringBenchmark}, {@code -Dbench.suite=broker} the broker benchmark,
 * {@code -Dbench.suite=rules} the alert rule evaluation benchmark ({@link RuleBenchmark}),
 * {@code -Dbench.suite=operations} dead-letter replay and message search ({@link OperationsBenchmark}),
 * {@code -Dbench.suite=followers} what followers cost the brokers and Weir ({@link FollowerCostBenchmark}),
 * {@code -Dbench.suite=listener} the built-in broker's Kafka listener against Kafka ({@link ListenerBenchmark}).
 */
public final class BenchSuite {

    private BenchSuite() {
    }

    public static void main(String[] args) throws Exception {
        String suite = System.getProperty("bench.suite", "monitoring");
        switch (suite) {
            case "monitoring" -> MonitoringBenchmark.main(args);
            case "broker" -> BrokerBenchmark.main(args);
            case "rules" -> RuleBenchmark.main(args);
            case "operations" -> OperationsBenchmark.main(args);
            case "followers" -> FollowerCostBenchmark.main(args);
            case "listener" -> ListenerBenchmark.main(args);
            default -> throw new IllegalArgumentException("unknown bench.suite " + suite
                    + ": monitoring, broker, rules, operations, followers or listener");
        }
    }
}
