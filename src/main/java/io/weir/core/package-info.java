/**
 * Value types shared by every feature: source kinds and the immutable snapshots that sources
 * produce and the monitor publishes. No logic and no framework imports, so any feature may use
 * them and none of them drags a framework into another.
 */
package io.weir.core;
