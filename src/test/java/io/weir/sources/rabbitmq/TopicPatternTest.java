package io.weir.sources.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicPatternTest {

    @Test
    void identicalKeysMatch() {
        assertThat(TopicPattern.matches("orders.eu", "orders.eu")).isTrue();
        assertThat(TopicPattern.matches("orders.eu", "orders.us")).isFalse();
    }

    @Test
    void starStandsForExactlyOneWord() {
        assertThat(TopicPattern.matches("orders.*", "orders.eu")).isTrue();
        assertThat(TopicPattern.matches("orders.*", "orders")).isFalse();
        assertThat(TopicPattern.matches("orders.*", "orders.eu.paris")).isFalse();
    }

    @Test
    void hashStandsForAnyNumberOfWordsIncludingNone() {
        assertThat(TopicPattern.matches("#", "orders.eu.paris")).isTrue();
        assertThat(TopicPattern.matches("orders.#", "orders")).isTrue();
        assertThat(TopicPattern.matches("orders.#.paris", "orders.eu.fr.paris")).isTrue();
        assertThat(TopicPattern.matches("orders.#.paris", "orders.eu.lyon")).isFalse();
    }
}
