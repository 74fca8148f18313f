package io.weir.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Makes sure the {@code admin} user exists at start-up. Its password is {@code weir.admin.password}
 * when set (the stored hash follows it); otherwise a random one is generated on first start,
 * stored hashed, and printed once to the log. There is never a default password.
 */
@ApplicationScoped
public class AdminAccount {

    public static final String USERNAME = "admin";
    private static final Logger LOG = Logger.getLogger(AdminAccount.class);
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final Optional<String> configuredPassword;

    AdminAccount(@ConfigProperty(name = "weir.admin.password") Optional<String> configuredPassword) {
        this.configuredPassword = configuredPassword.filter(p -> !p.isBlank());
    }

    @Transactional
    void ensureAdmin(@Observes StartupEvent event) {
        StoredUser admin = StoredUser.find(USERNAME);
        if (configuredPassword.isPresent()) {
            if (admin == null || !BcryptUtil.matches(configuredPassword.get(), admin.passwordHash)) {
                save(admin, configuredPassword.get());
                LOG.info("Admin password set from weir.admin.password");
            }
            return;
        }
        if (admin == null) {
            String generated = generatePassword();
            save(null, generated);
            LOG.warnf("Generated the initial password of user 'admin': %s%n"
                    + "It is shown only this once. Set weir.admin.password (env WEIR_ADMIN_PASSWORD) to choose your own.",
                    generated);
        }
    }

    private static void save(StoredUser existing, String password) {
        StoredUser admin = existing != null ? existing : new StoredUser();
        admin.username = USERNAME;
        admin.passwordHash = BcryptUtil.bcryptHash(password);
        admin.role = Roles.ADMIN;
        admin.updatedAt = Instant.now();
        admin.persist();
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
