package io.weir.operations;

import java.util.Objects;

/**
 * Who asks for an operation, and from where, as the audit log records it.
 *
 * @param user    the signed-in user's name
 * @param channel where the request came from
 * @param address the client's address, null when unknown
 */
public record Actor(String user, Channel channel, String address) {

    public enum Channel {
        UI, API,
        /** Weir itself, going on with work someone started (a replay job finishing). */
        JOB
    }

    public Actor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(channel, "channel");
    }
}
