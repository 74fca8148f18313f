package io.weir.sources.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.sources.SourceSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeadLetterTopicsTest {

    private final DeadLetterTopics defaults = new DeadLetterTopics(SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);

    @Test
    void defaultPatternsRecogniseTheCommonConventions() {
        assertThat(defaults.isDeadLetter("orders.DLT")).isTrue();
        assertThat(defaults.isDeadLetter("orders-dlq")).isTrue();
        assertThat(defaults.isDeadLetter("orders.dlq")).isTrue();
        assertThat(defaults.isDeadLetter("dlq.orders")).isTrue();
    }

    @Test
    void patternsMatchTheWholeNameOnly() {
        assertThat(defaults.isDeadLetter("orders.DLT.archive")).isFalse();
        assertThat(defaults.isDeadLetter("my-dlq.orders")).isFalse();
        assertThat(defaults.isDeadLetter("orders")).isFalse();
    }

    @Test
    void patternsAreCaseSensitive() {
        assertThat(defaults.isDeadLetter("orders.dlt")).isFalse();
        assertThat(defaults.isDeadLetter("orders-DLQ")).isFalse();
    }

    @Test
    void starMatchesAnyRunOfCharactersIncludingNone() {
        DeadLetterTopics topics = new DeadLetterTopics(List.of("dead*letters*"));
        assertThat(topics.isDeadLetter("deadletters")).isTrue();
        assertThat(topics.isDeadLetter("dead-orders-letters.v2")).isTrue();
        assertThat(topics.isDeadLetter("dead")).isFalse();
    }

    @Test
    void otherRegexCharactersAreLiteral() {
        DeadLetterTopics topics = new DeadLetterTopics(List.of("a.b+c"));
        assertThat(topics.isDeadLetter("a.b+c")).isTrue();
        assertThat(topics.isDeadLetter("axbbc")).isFalse();
    }

    @Test
    void noPatternsMeansNoDeadLetterTopics() {
        assertThat(new DeadLetterTopics(List.of()).isDeadLetter("orders.DLT")).isFalse();
    }
}
