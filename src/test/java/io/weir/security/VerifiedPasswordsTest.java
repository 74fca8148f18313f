package io.weir.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.elytron.security.common.BcryptUtil;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class VerifiedPasswordsTest {

    private final AtomicInteger bcryptChecks = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();
    private final VerifiedPasswords passwords = new VerifiedPasswords((password, hash) -> {
        bcryptChecks.incrementAndGet();
        return BcryptUtil.matches(password, hash);
    }, Duration.ofMinutes(5), now::get);
    private final String hash = BcryptUtil.bcryptHash("s3cret", 4);

    @Test
    void aPasswordThatMatchedIsNotCheckedWithBcryptAgainWithinTheTtl() {
        assertThat(passwords.matches("s3cret", hash)).isTrue();
        assertThat(passwords.matches("s3cret", hash)).isTrue();
        assertThat(bcryptChecks).hasValue(1);

        now.addAndGet(Duration.ofMinutes(5).toNanos());
        assertThat(passwords.matches("s3cret", hash)).isTrue();
        assertThat(bcryptChecks).hasValue(2);
    }

    @Test
    void aWrongPasswordIsCheckedWithBcryptEveryTimeAndRefused() {
        assertThat(passwords.matches("s3cret", hash)).isTrue();
        assertThat(passwords.matches("guess", hash)).isFalse();
        assertThat(passwords.matches("guess", hash)).isFalse();
        assertThat(bcryptChecks).hasValue(3);
    }

    @Test
    void aChangedPasswordHashTakesEffectAtOnce() {
        assertThat(passwords.matches("s3cret", hash)).isTrue();
        String changed = BcryptUtil.bcryptHash("n3w", 4);
        assertThat(passwords.matches("s3cret", changed)).isFalse();
        assertThat(passwords.matches("n3w", changed)).isTrue();
    }
}
