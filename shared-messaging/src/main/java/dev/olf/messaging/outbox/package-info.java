/**
 * The transactional outbox: events written in the caller's transaction, and the relay
 * that publishes them to Kafka in per-aggregate order.
 */
@NullMarked
package dev.olf.messaging.outbox;

import org.jspecify.annotations.NullMarked;
