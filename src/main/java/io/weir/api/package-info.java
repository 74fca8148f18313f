/**
 * The console's own REST API under {@code /api/v1}, for automation: thin resources over the
 * feature services, HTTP Basic authentication, JSON. Resources hold no logic of their own.
 */
package io.weir.api;
