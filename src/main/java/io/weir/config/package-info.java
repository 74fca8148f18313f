/**
 * Configuration plumbing shared by features: environment variables for configuration sections whose
 * entries have names the user chooses (sources, receivers, routes, ...). Plain MicroProfile Config;
 * called by the features' config sources, calls nothing of Weir.
 */
package io.weir.config;
