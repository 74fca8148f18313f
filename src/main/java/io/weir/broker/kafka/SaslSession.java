package io.weir.broker.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.SaslAuthenticateRequest;
import org.apache.kafka.common.requests.SaslHandshakeRequest;
import org.jboss.logging.Logger;

/**
 * The SASL/PLAIN state of one connection, as a Kafka broker keeps it: before authentication only
 * ApiVersions and SaslHandshake are answered; SaslHandshake v1 is followed by SaslAuthenticate
 * (clients since Kafka 1.0 and librdkafka), v0 by the bare PLAIN token in a size-prefixed frame
 * (older clients). Any other request before authentication, or any request after a failed one,
 * closes the connection ({@link UnauthenticatedRequestException}). Once authenticated, each
 * request is checked against the user's roles ({@link ListenerPermissions}). Without users (no
 * SASL on the listener) every request is admitted and SASL requests answer ILLEGAL_SASL_STATE.
 *
 * <p>Not thread-safe, and needs not be: a connection's requests run one at a time, handed from
 * worker to worker through the connection's queue.
 */
final class SaslSession {

    private static final Logger LOG = Logger.getLogger(SaslSession.class);
    static final String PLAIN = "PLAIN";
    /** The answer to a good v0 token: an empty frame. */
    private static final byte[] EMPTY_FRAME = new byte[4];

    private enum State { HANDSHAKE, AUTHENTICATE, LEGACY_TOKEN, AUTHENTICATED, FAILED }

    /** Thrown for a request the connection must not get an answer to; the connection is closed. */
    static final class UnauthenticatedRequestException extends RuntimeException {
        /** True when the reason is logged already (a failed sign-in has its own line). */
        final boolean logged;

        UnauthenticatedRequestException(String message, boolean logged) {
            super(message);
            this.logged = logged;
        }
    }

    private final KafkaUsers users;
    private State state = State.HANDSHAKE;
    private String user;
    private Set<String> roles = Set.of();

    /** @param users null when the listener has no SASL */
    SaslSession(KafkaUsers users) {
        this.users = users;
    }

    /** True when the next frame is a v0 handshake's bare token rather than a request. */
    boolean awaitsLegacyToken() {
        return state == State.LEGACY_TOKEN;
    }

    /** Throws when {@code api} may not be called in this state. */
    void admit(ApiKeys api, String peer) {
        if (users == null || state == State.AUTHENTICATED) {
            return;
        }
        boolean allowed = switch (state) {
            case HANDSHAKE -> api == ApiKeys.API_VERSIONS || api == ApiKeys.SASL_HANDSHAKE;
            case AUTHENTICATE -> api == ApiKeys.SASL_AUTHENTICATE;
            default -> false;
        };
        if (!allowed) {
            throw new UnauthenticatedRequestException(state == State.FAILED
                    ? api.name + " from " + peer + " after its SASL authentication failed"
                    : api.name + " from " + peer + " before SASL authentication (is the client set to "
                            + "security.protocol=SASL_PLAINTEXT or SASL_SSL with sasl.mechanism=PLAIN?)", false);
        }
    }

    /** The error response for a request the signed-in user may not make, or null to serve it. */
    ApiMessage refusal(AbstractRequest request, ApiKeys api, String peer) {
        if (users == null || state != State.AUTHENTICATED) {
            return null; // before signing in, admit() lets only ApiVersions and the SASL requests through
        }
        ApiException refused = ListenerPermissions.refusal(api, roles, user);
        if (refused == null) {
            return null;
        }
        LOG.infof("Refused %s from %s: %s", api.name, peer, refused.getMessage());
        return request.getErrorResponse(0, refused).data();
    }

    SaslHandshakeResponseData handshake(SaslHandshakeRequest request, short version, String peer) {
        SaslHandshakeResponseData response = new SaslHandshakeResponseData().setMechanisms(List.of(PLAIN));
        if (users == null || state != State.HANDSHAKE) {
            return response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code());
        }
        if (!PLAIN.equals(request.data().mechanism())) {
            LOG.infof("Kafka client %s asked for SASL mechanism %s; Weir offers PLAIN only", peer,
                    printable(request.data().mechanism()));
            state = State.FAILED;
            return response.setErrorCode(Errors.UNSUPPORTED_SASL_MECHANISM.code());
        }
        state = version == 0 ? State.LEGACY_TOKEN : State.AUTHENTICATE;
        return response.setErrorCode(Errors.NONE.code());
    }

    SaslAuthenticateResponseData authenticate(SaslAuthenticateRequest request, String peer) {
        SaslAuthenticateResponseData response = new SaslAuthenticateResponseData().setAuthBytes(new byte[0]);
        if (users == null || state != State.AUTHENTICATE) {
            return response.setErrorCode(Errors.ILLEGAL_SASL_STATE.code())
                    .setErrorMessage("SaslAuthenticate is not expected now on this listener");
        }
        Optional<String> failure = signIn(request.data().authBytes(), peer);
        if (failure.isPresent()) {
            return response.setErrorCode(Errors.SASL_AUTHENTICATION_FAILED.code()).setErrorMessage(failure.get());
        }
        return response.setErrorCode(Errors.NONE.code());
    }

    /** The answer to a v0 handshake's token: an empty frame, or, when it fails, none (the connection closes). */
    ByteBuffer legacyToken(ByteBuffer frame, String peer) {
        byte[] token = new byte[frame.remaining()];
        frame.get(token);
        Optional<String> failure = signIn(token, peer);
        if (failure.isPresent()) {
            throw new UnauthenticatedRequestException("SASL/PLAIN (handshake v0) from " + peer + " failed: "
                    + failure.get(), true);
        }
        return ByteBuffer.wrap(EMPTY_FRAME);
    }

    /**
     * Checks a PLAIN token (RFC 4616: authorization id, NUL, user name, NUL, password); empty when
     * it signs the user in, otherwise the message for the client. One INFO line per failure,
     * naming the user but never the password.
     */
    private Optional<String> signIn(byte[] token, String peer) {
        String[] parts = utf8(token).split("\u0000", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            state = State.FAILED;
            LOG.infof("SASL/PLAIN authentication from %s failed: malformed PLAIN token", peer);
            return Optional.of("Authentication failed: malformed SASL/PLAIN token");
        }
        String authorizationId = parts[0];
        String username = parts[1];
        if (!authorizationId.isEmpty() && !authorizationId.equals(username)) {
            state = State.FAILED;
            LOG.infof("SASL/PLAIN authentication from %s as '%s' failed: it asked to act as '%s'", peer,
                    printable(username), printable(authorizationId));
            return Optional.of("Authentication failed: the authorization id must be empty or the user name");
        }
        Optional<Set<String>> found = users.authenticate(username, parts[2]);
        if (found.isEmpty()) {
            state = State.FAILED;
            LOG.infof("SASL/PLAIN authentication from %s as '%s' failed: wrong user name or password", peer,
                    printable(username));
            return Optional.of("Authentication failed: invalid username or password");
        }
        state = State.AUTHENTICATED;
        user = username;
        roles = found.get();
        LOG.debugf("Kafka client %s signed in as '%s'", peer, username);
        return Optional.empty();
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return ""; // fails as malformed
        }
    }

    /** A client-chosen name, safe for one log line. */
    private static String printable(String name) {
        return name == null ? "null" : name.replaceAll("\\p{Cntrl}", "?");
    }
}
