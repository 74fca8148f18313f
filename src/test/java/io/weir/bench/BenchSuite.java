package io.weir.bench;

import io.weir.bench.broker.BrokerBenchmark;

/**
 * Entry point of the {@code bench} Maven profile: {@code -Dbench.suite=monitoring} (the default)
 * runs {@link MonitoringBenchmark}, {@code -Dbench.suite=broker} the broker benchmark,
 * {@code -Dbench.suite=rules} the alert rule evaluation benchmark ({@link RuleBenchmark}).
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
            default -> throw new IllegalArgumentException("unknown bench.suite " + suite + ": monitoring, broker or rules");
        }
    }
}
