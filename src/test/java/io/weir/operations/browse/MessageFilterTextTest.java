package io.weir.operations.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain text is searched in the payload's bytes: it must find exactly what the decoded text contains. */
class MessageFilterTextTest {

    private static MessageFilter text(String text) {
        return new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, text, null, null, null, null, null);
    }

    private static BrowsedMessage message(byte[] key, byte[] value, BrowsedMessage.Header... headers) {
        return new BrowsedMessage(0, 0, Instant.EPOCH, key, List.of(headers), value, Optional.empty());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nonAsciiTextIsFoundInThePayloadKeyAndHeaders() {
        MessageFilter straße = text("Straße");
        assertThat(straße.matches(message(null, utf8("{\"street\":\"Hauptstraße 1\"}")))).isFalse();
        assertThat(straße.matches(message(null, utf8("{\"street\":\"Haupt-Straße 1\"}")))).isTrue();
        assertThat(straße.matches(message(utf8("Straße-7"), utf8("{}")))).isTrue();
        assertThat(straße.matches(message(null, utf8("{}"), new BrowsedMessage.Header("at", utf8("Lange Straße"))))).isTrue();
        assertThat(text("").matches(message(null, new byte[0]))).isTrue();
    }

    @Test
    void undecodableBytesBeforeTheTextDoNotHideIt() {
        byte[] truncated = {(byte) 0xE2, (byte) 0x82, 'o', 'r', 'd', 'e', 'r'};
        assertThat(text("order").matches(message(null, truncated))).isTrue();
        assertThat(new String(truncated, StandardCharsets.UTF_8)).contains("order");
    }

    @Test
    void textWithTheReplacementCharacterMatchesTheDecodedPayload() {
        byte[] broken = {'a', (byte) 0xFF, 'b'};
        assertThat(text("a\uFFFDb").matches(message(null, broken))).isTrue();
        assertThat(text("\uD83D\uDE00").matches(message(null, utf8("smile \uD83D\uDE00")))).isTrue();
    }
}
