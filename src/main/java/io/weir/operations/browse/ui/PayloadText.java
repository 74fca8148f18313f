package io.weir.operations.browse.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** A payload as a person reads it: text, pretty-printed JSON, or a hex dump. */
final class PayloadText {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PayloadText() {
    }

    /** The bytes as UTF-8 text, or empty when they are not valid UTF-8. */
    static Optional<String> text(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The bytes as indented JSON, or empty when they are not JSON. */
    static Optional<String> prettyJson(byte[] bytes) {
        try {
            return Optional.of(JSON.writeValueAsString(JSON.readTree(bytes)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Sixteen bytes a line: offset, hex, and the printable ASCII characters. */
    static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (int line = 0; line < bytes.length; line += 16) {
            out.append(String.format(Locale.ROOT, "%08x  ", line));
            StringBuilder ascii = new StringBuilder();
            for (int i = line; i < line + 16; i++) {
                if (i < bytes.length) {
                    int b = bytes[i] & 0xff;
                    out.append(String.format(Locale.ROOT, "%02x ", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
            }
            out.append(" |").append(ascii).append("|\n");
        }
        return out.toString();
    }

    /** The start of the payload for a grid row, saying how much was left out. */
    static String preview(byte[] bytes, int maxChars) {
        String text = text(bytes).orElse(null);
        if (text == null) {
            return "binary, " + bytes.length + " bytes";
        }
        String flat = text.replaceAll("\\s+", " ");
        if (flat.length() <= maxChars) {
            return flat;
        }
        return flat.substring(0, maxChars) + "… (" + (flat.length() - maxChars) + " more characters)";
    }
}
