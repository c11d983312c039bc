/**
 * The event contract as documents a client reads over HTTP: the AsyncAPI document of the
 * topics and the JSON Schema of every event type, straight from {@code shared-events}.
 */
@NullMarked
package dev.olf.messaging.contract;

import org.jspecify.annotations.NullMarked;
