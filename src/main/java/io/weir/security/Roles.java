package io.weir.security;

import java.util.List;
import java.util.Set;

/**
 * The three roles. Each includes the ones before it: an operator can do all a viewer can, an
 * admin all an operator can.
 */
public final class Roles {

    /** Reads dashboards, alerts and the API. */
    public static final String VIEWER = "viewer";
    /** Also acts on brokers: DLQ replay, offset resets, silences. */
    public static final String OPERATOR = "operator";
    /** Also manages Weir itself. */
    public static final String ADMIN = "admin";

    private static final List<String> ORDER = List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {
    }

    /** The role and every role it includes; rejects unknown role names. */
    public static Set<String> withIncluded(String role) {
        int index = ORDER.indexOf(role);
        if (index < 0) {
            throw new IllegalArgumentException("unknown role '" + role + "': use one of " + ORDER);
        }
        return Set.copyOf(ORDER.subList(0, index + 1));
    }
}
