package io.weir.alerting.notify;

import io.weir.alerting.Alert;
import java.nio.charset.StandardCharsets;

/**
 * A short, stable name for an alert, derived from its identity (its label set): the same alert
 * has the same fingerprint after a restart, so PagerDuty's {@code dedup_key} and the webhook's
 * {@code fingerprint} follow the alert. FNV-1a, 64 bits, as 16 hex digits.
 */
public final class AlertFingerprint {

    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private AlertFingerprint() {
    }

    public static String of(Alert alert) {
        long hash = OFFSET_BASIS;
        for (byte b : alert.identity().getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= PRIME;
        }
        return String.format("%016x", hash);
    }
}
