package io.weir.operations.offsets;

/**
 * A member of a group an offset reset would move: it must stop (or time out) before the reset is
 * applied.
 *
 * @param host where it connects from, empty when the broker does not say
 */
public record GroupMember(String id, String clientId, String host) {
}
