/**
 * The console's own REST API under {@code /api/v1}, for automation: thin resources over the
 * feature services, HTTP Basic authentication, JSON. Resources hold no logic of their own.
 *
 * <p>Also answers, for everything under {@code /api/} (the built-in broker's API included), what
 * no resource answers itself: a path without an API (JSON 404, never a console page), a body over
 * the HTTP limit (JSON 413), and bad JSON for the console's resources (JSON 400 worded by
 * {@link io.weir.broker.http.JsonInputErrors}, so both APIs say the same about the same mistake).
 */
package io.weir.api;
