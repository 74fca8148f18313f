/**
 * Live scenarios: the message-queue article's scenarios (asynchronous processing, decoupling, peak
 * smoothing, and the failures it warns about) run as ordinary producers and consumers of the
 * built-in broker, so the monitor, the alert rules and the operations pages see them as they see
 * any other traffic; nothing downstream special-cases them. {@link io.weir.scenarios.Scenarios}
 * owns the four {@link io.weir.scenarios.Scenario}s and decides whether they are offered
 * ({@code weir.demo.enabled}).
 *
 * <p>Calls only the built-in broker's Java API ({@code io.weir.broker}, through
 * {@code io.weir.broker.embedded}): never {@code io.weir.sources}, so a scenario cannot reach an
 * external broker. Called by its own views ({@code ui}) and the overview's welcome card. Every
 * thread of a scenario is a {@link io.weir.scenarios.Worker}; stopping a scenario ends them all
 * and waits for them, so no load is left behind.
 */
package io.weir.scenarios;
