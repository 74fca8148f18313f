/**
 * Users, roles and what each role may do. Users come from configuration ({@code weir.users.*},
 * bcrypt hashes) plus the {@code admin} user, whose hash is stored in the database: taken from
 * {@code weir.admin.password} when set, otherwise generated on first start and printed once.
 * One identity provider serves both form login (UI) and HTTP Basic (API); the API's Basic
 * mechanism answers a missing or wrong sign-in with a JSON 401.
 *
 * {@code KafkaListenerUsers} checks the same users for SASL/PLAIN clients of the built-in broker's
 * Kafka listener.
 *
 * <p>May be called by every feature (role names). Calls nothing else in Weir; implements the Kafka
 * listener's {@code KafkaUsers} (the broker may not call security, so security plugs into it).
 */
package io.weir.security;
