package io.weir.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers for a while that a password matched a bcrypt hash, so that a script calling the API
 * with basic authentication pays the bcrypt check (tens of milliseconds of CPU, by design) once per
 * {@code ttl} instead of on every request. What is kept is an HMAC of the password under a key
 * made at start-up, never the password; an entry is tied to the hash it was checked against, so a
 * changed password takes effect at once. Failed checks are not remembered: guessing stays as slow
 * as bcrypt makes it. Thread-safe.
 */
final class VerifiedPasswords {

    private static final int MAX_ENTRIES = 1_000;

    private record Entry(byte[] mac, long expiresAtNanos) {
    }

    private final BiPredicate<String, String> bcrypt;
    private final long ttlNanos;
    private final LongSupplier nanoTime;
    private final SecretKeySpec key;
    private final Map<String, Entry> byHash = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** @param bcrypt checks a password against a hash: (password, hash) */
    VerifiedPasswords(BiPredicate<String, String> bcrypt, Duration ttl, LongSupplier nanoTime) {
        this.bcrypt = bcrypt;
        this.ttlNanos = ttl.toNanos();
        this.nanoTime = nanoTime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    boolean matches(String password, String hash) {
        byte[] mac = mac(password, hash);
        long now = nanoTime.getAsLong();
        synchronized (byHash) {
            Entry entry = byHash.get(hash);
            if (entry != null && entry.expiresAtNanos - now > 0 && MessageDigest.isEqual(entry.mac, mac)) {
                return true;
            }
        }
        if (!bcrypt.test(password, hash)) {
            return false;
        }
        if (ttlNanos > 0) {
            synchronized (byHash) {
                byHash.put(hash, new Entry(mac, now + ttlNanos));
            }
        }
        return true;
    }

    private byte[] mac(String password, String hash) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(hash.getBytes(StandardCharsets.UTF_8));
            hmac.update((byte) 0);
            return hmac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
