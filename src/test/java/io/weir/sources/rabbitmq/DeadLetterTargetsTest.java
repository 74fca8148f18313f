package io.weir.sources.rabbitmq;

import static io.weir.sources.rabbitmq.ManagementJson.array;
import static io.weir.sources.rabbitmq.ManagementJson.binding;
import static io.weir.sources.rabbitmq.ManagementJson.exchange;
import static io.weir.sources.rabbitmq.ManagementJson.exchangeBinding;
import static io.weir.sources.rabbitmq.ManagementJson.queue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadLetterTargetsTest {

    private static final JsonNode NONE = array();

    @Test
    void defaultExchangeDeliversToTheQueueTheRoutingKeyNames() {
        JsonNode queues = array(
                queue("/", "orders").argument("x-dead-letter-exchange", "")
                        .argument("x-dead-letter-routing-key", "orders.dlq").build(),
                queue("/", "orders.dlq").build());

        assertThat(targets(queues, NONE, NONE)).containsExactly("//orders.dlq");
    }

    @Test
    void defaultExchangeWithoutRoutingKeyLeadsNowhere() {
        JsonNode queues = array(queue("/", "orders").argument("x-dead-letter-exchange", "").build());

        assertThat(targets(queues, NONE, NONE)).isEmpty();
    }

    @Test
    void onlyTheDefaultExchangeNeedsNoBindings() {
        JsonNode viaDefault = array(queue("/", "a").argument("x-dead-letter-exchange", "")
                .argument("x-dead-letter-routing-key", "b").build());
        JsonNode viaExchange = array(queue("/", "a").argument("x-dead-letter-exchange", "dlx").build());

        assertThat(DeadLetterTargets.needBindings(DeadLetterTargets.routes(viaDefault))).isFalse();
        assertThat(DeadLetterTargets.needBindings(DeadLetterTargets.routes(viaExchange))).isTrue();
        assertThat(DeadLetterTargets.needBindings(DeadLetterTargets.routes(array(queue("/", "plain").build()))))
                .isFalse();
    }

    @Test
    void fanoutExchangeDeliversToEveryBoundQueueWhateverTheKey() {
        JsonNode queues = array(queue("/", "orders").argument("x-dead-letter-exchange", "dlx")
                .argument("x-dead-letter-routing-key", "anything").build());
        JsonNode bindings = array(binding("/", "dlx", "dead-1", "x"), binding("/", "dlx", "dead-2", ""),
                binding("/", "other", "not-dead", "anything"));
        JsonNode exchanges = array(exchange("/", "dlx", "fanout"), exchange("/", "other", "fanout"));

        assertThat(targets(queues, bindings, exchanges)).containsExactlyInAnyOrder("//dead-1", "//dead-2");
    }

    @Test
    void directExchangeDeliversOnlyWhereTheBindingKeyEqualsTheRoutingKey() {
        JsonNode queues = array(queue("/", "orders").argument("x-dead-letter-exchange", "dlx")
                .argument("x-dead-letter-routing-key", "orders").build());
        JsonNode bindings = array(binding("/", "dlx", "orders.dlq", "orders"), binding("/", "dlx", "payments.dlq", "payments"));

        assertThat(targets(queues, bindings, array(exchange("/", "dlx", "direct")))).containsExactly("//orders.dlq");
    }

    @Test
    void topicExchangeDeliversWhereTheBindingPatternMatches() {
        JsonNode queues = array(queue("/", "orders").argument("x-dead-letter-exchange", "dlx")
                .argument("x-dead-letter-routing-key", "dead.orders.eu").build());
        JsonNode bindings = array(binding("/", "dlx", "all", "#"), binding("/", "dlx", "exact", "dead.orders.eu"),
                binding("/", "dlx", "wildcard", "dead.*.eu"), binding("/", "dlx", "elsewhere", "dead.payments.#"));

        assertThat(targets(queues, bindings, array(exchange("/", "dlx", "topic"))))
                .containsExactlyInAnyOrder("//all", "//exact", "//wildcard");
    }

    @Test
    void lettersKeepingTheirOwnRoutingKeyMayReachEveryQueueBoundToTheExchange() {
        JsonNode queues = array(queue("/", "orders").argument("x-dead-letter-exchange", "dlx").build());
        JsonNode bindings = array(binding("/", "dlx", "dead-1", "orders"), binding("/", "dlx", "dead-2", "payments"));

        assertThat(targets(queues, bindings, array(exchange("/", "dlx", "direct"))))
                .containsExactlyInAnyOrder("//dead-1", "//dead-2");
    }

    @Test
    void policyNamesTheExchangeWhenTheQueueHasNoArgument() {
        JsonNode queues = array(queue("/", "orders").policy("dead-letter-exchange", "dlx")
                .policy("dead-letter-routing-key", "orders").build());
        JsonNode bindings = array(binding("/", "dlx", "orders.dlq", "orders"), binding("/", "dlx", "other", "other"));

        assertThat(targets(queues, bindings, array(exchange("/", "dlx", "direct")))).containsExactly("//orders.dlq");
    }

    @Test
    void queueArgumentsWinOverThePolicy() {
        JsonNode queues = array(queue("/", "orders").argument("x-dead-letter-exchange", "")
                .argument("x-dead-letter-routing-key", "by-argument")
                .policy("dead-letter-exchange", "").policy("dead-letter-routing-key", "by-policy").build());

        assertThat(targets(queues, NONE, NONE)).containsExactly("//by-argument");
    }

    @Test
    void exchangesAndBindingsOfOtherVirtualHostsDoNotCount() {
        JsonNode queues = array(queue("orders-vh", "orders").argument("x-dead-letter-exchange", "dlx").build());
        JsonNode bindings = array(binding("/", "dlx", "same-name-elsewhere", ""), binding("orders-vh", "dlx", "dead", ""));
        JsonNode exchanges = array(exchange("/", "dlx", "fanout"), exchange("orders-vh", "dlx", "fanout"));

        assertThat(targets(queues, bindings, exchanges)).containsExactly("orders-vh/dead");
    }

    @Test
    void missingExchangeLeadsNowhere() {
        JsonNode queues = array(queue("/", "orders").argument("x-dead-letter-exchange", "gone").build());

        assertThat(targets(queues, array(binding("/", "gone", "stale", "")), NONE)).isEmpty();
    }

    @Test
    void bindingsToExchangesAreNotQueues() {
        JsonNode queues = array(queue("/", "orders").argument("x-dead-letter-exchange", "dlx").build());
        JsonNode bindings = array(exchangeBinding("/", "dlx", "downstream", ""));

        assertThat(targets(queues, bindings, array(exchange("/", "dlx", "fanout")))).isEmpty();
    }

    private static Set<String> targets(JsonNode queues, JsonNode bindings, JsonNode exchanges) {
        List<DeadLetterTargets.Route> routes = DeadLetterTargets.routes(queues);
        return DeadLetterTargets.resolve(routes, bindings, exchanges);
    }
}
