/**
 * Dead-letter replay as stored jobs: {@link io.weir.operations.replay.Replays} previews a request
 * (moves nothing), stores a job and runs it; {@link io.weir.operations.replay.ReplayRunner} moves
 * one batch at a time (publish with the broker's confirmation, then record outcomes and position in
 * one transaction, then settle), so a crash repeats at most one batch and loses nothing;
 * {@link io.weir.operations.replay.DeadLetterCauses} groups a dead-letter queue by failure reason.
 *
 * <p>Called by {@code api} and {@code operations.ui}. Calls {@code sources}
 * ({@link io.weir.sources.DeadLetterMover} through the registry), {@code operations.browse} (the
 * message model, filters and failure reasons), {@code operations.audit} and the database.
 */
package io.weir.operations.replay;
