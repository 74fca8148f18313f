package io.weir.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.weir.core.SourceSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every metric Weir exports is named here, and documented in the README's metrics table.
 * Label values come from configuration (source names), so label sets stay bounded.
 */
@ApplicationScoped
public class MonitorMetrics {

    /** 1 when the last poll of the source succeeded, 0 when it failed. */
    static final String SOURCE_UP = "weir.source.up";
    /** Duration of each poll of the source, successful or not (a summary in seconds). */
    static final String SOURCE_POLL_DURATION = "weir.source.poll.duration";

    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> upBySource = new ConcurrentHashMap<>();
    private final Map<String, Timer> pollDurationBySource = new ConcurrentHashMap<>();

    MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Drops the two JVM meters whose Prometheus names break {@code promtool check metrics}
     * ({@code process_cpu_time_ns_total}, {@code system_cpu_count}); the CPU usage gauges stay.
     */
    @Produces
    @Singleton
    static MeterFilter promtoolCleanNames() {
        return MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count"));
    }

    void record(SourceSnapshot snapshot) {
        Tags tags = Tags.of("source", snapshot.source(), "kind", snapshot.kind().configName());
        upBySource.computeIfAbsent(snapshot.source(), name -> {
            AtomicInteger up = new AtomicInteger();
            Gauge.builder(SOURCE_UP, up, AtomicInteger::get)
                    .description("1 when the last poll of the source succeeded, 0 when it failed")
                    .tags(tags)
                    .register(registry);
            return up;
        }).set(snapshot.isUp() ? 1 : 0);
        pollDurationBySource.computeIfAbsent(snapshot.source(), name -> Timer.builder(SOURCE_POLL_DURATION)
                .description("Duration of each poll of the source, successful or not")
                .tags(tags)
                .register(registry))
                .record(snapshot.pollDuration());
    }
}
