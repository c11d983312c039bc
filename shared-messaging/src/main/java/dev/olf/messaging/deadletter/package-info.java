/**
 * Dead letters a person can see and replay: the service's dead-letter topics read on
 * demand, replays back to the original topics, their counts as meters and health, and the
 * admin endpoints.
 */
@NullMarked
package dev.olf.messaging.deadletter;

import org.jspecify.annotations.NullMarked;
