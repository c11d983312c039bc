package dev.olf.messaging.outbox;

import java.util.Map;
import java.util.UUID;

/**
 * A row of the outbox as the relay publishes it.
 */
record OutboxRecord(UUID id, String topic, String aggregateId, String payload, Map<String, String> headers) {
}
