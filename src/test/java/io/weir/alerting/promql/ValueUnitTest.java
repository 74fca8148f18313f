package io.weir.alerting.promql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValueUnitTest {

    @Test
    void metricNamesCarryTheirUnit() {
        assertThat(ValueUnit.ofMetric("weir_consumergroup_lag_seconds")).isEqualTo(ValueUnit.SECONDS);
        assertThat(ValueUnit.ofMetric("weir_broker_fsync_seconds_total")).isEqualTo(ValueUnit.SECONDS);
        assertThat(ValueUnit.ofMetric("weir_queue_size_bytes")).isEqualTo(ValueUnit.BYTES);
        assertThat(ValueUnit.ofMetric("weir_queue_messages")).isEqualTo(ValueUnit.MESSAGES);
        assertThat(ValueUnit.ofMetric("weir_queue_messages_ready")).isEqualTo(ValueUnit.MESSAGES);
        assertThat(ValueUnit.ofMetric("weir_queue_message_limit")).isEqualTo(ValueUnit.MESSAGES);
        assertThat(ValueUnit.ofMetric("weir_queue_publish_rate")).isEqualTo(ValueUnit.MESSAGES_PER_SECOND);
        assertThat(ValueUnit.ofMetric("weir_consumergroup_status")).isEqualTo(ValueUnit.NONE);
    }

    @Test
    void shippedRulesGiveTheUnitOfTheMetricTheyWatch() {
        assertThat(unit("weir_consumergroup_lag_seconds > 300")).isEqualTo(ValueUnit.SECONDS);
        assertThat(unit("weir_consumergroup_status == 2")).isEqualTo(ValueUnit.NONE);
        assertThat(unit("delta(weir_dlq_messages[10m]) > 0")).isEqualTo(ValueUnit.MESSAGES);
        assertThat(unit("(predict_linear(weir_queue_messages[30m], 3600) > on(source, vhost, queue) weir_queue_message_limit)"
                + " > weir_queue_messages")).isEqualTo(ValueUnit.MESSAGES);
        assertThat(unit("max_over_time(weir_queue_publish_rate[5m]) < 0.1 * (avg_over_time(weir_queue_publish_rate[1h] offset 5m) > 1)"))
                .isEqualTo(ValueUnit.MESSAGES_PER_SECOND);
    }

    @Test
    void theVectorSideOfAComparisonGivesTheUnitWhicheverSideItIsOn() {
        assertThat(unit("300 < weir_consumergroup_lag_seconds")).isEqualTo(ValueUnit.SECONDS);
    }

    @Test
    void expressionsThatChangeTheUnitHaveNone() {
        assertThat(unit("weir_consumergroup_lag_seconds / 60 > 5")).isEqualTo(ValueUnit.NONE);
        assertThat(unit("weir_queue_messages / weir_queue_message_limit > 0.9")).isEqualTo(ValueUnit.NONE);
        assertThat(unit("count(weir_consumergroup_lag_seconds > 300) > 3")).isEqualTo(ValueUnit.NONE);
        assertThat(unit("weir_consumergroup_lag_seconds > bool 300")).isEqualTo(ValueUnit.NONE);
        assertThat(unit("weir_queue_messages + weir_queue_size_bytes")).isEqualTo(ValueUnit.NONE);
        assertThat(unit("rate(weir_broker_fsync_seconds_total[1m])")).isEqualTo(ValueUnit.NONE);
    }

    @Test
    void sumsAndConstantOffsetsKeepTheUnit() {
        assertThat(unit("sum by (source) (weir_dlq_messages) > 100")).isEqualTo(ValueUnit.MESSAGES);
        assertThat(unit("weir_consumergroup_lag_seconds + 60")).isEqualTo(ValueUnit.SECONDS);
        assertThat(unit("rate(weir_queue_messages[5m])")).isEqualTo(ValueUnit.MESSAGES_PER_SECOND);
    }

    private static ValueUnit unit(String expression) {
        return ValueUnit.of(Parser.parse(expression));
    }
}
