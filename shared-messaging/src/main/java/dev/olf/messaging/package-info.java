/**
 * Reliable messaging every service uses: the transactional outbox and its relay to Kafka,
 * the inbox that makes consumers idempotent, and consumer error handling.
 */
@NullMarked
package dev.olf.messaging;

import org.jspecify.annotations.NullMarked;
