/**
 * Kafka plumbing of the library: CloudEvents (de)serialisation of the event records and
 * the consumer error handling with in-place retries and dead-letter topics.
 */
@NullMarked
package dev.olf.messaging.kafka;

import org.jspecify.annotations.NullMarked;
