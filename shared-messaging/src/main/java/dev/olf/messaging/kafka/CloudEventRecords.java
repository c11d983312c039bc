package dev.olf.messaging.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.DomainEvent;
import dev.olf.events.EventJson;
import dev.olf.events.EventType;

/**
 * Builds a record exactly as the relay publishes it, for tools and tests that inject
 * events (e.g. replaying, or delivering one event twice on purpose).
 */
public final class CloudEventRecords {

	private CloudEventRecords() {
	}

	/**
	 * A CloudEvents record of an event.
	 * @param eventId the {@code ce_id}; reuse it to deliver the same event again
	 * @param event the event
	 * @param source the {@code ce_source}
	 * @return a record for the event's topic, keyed by its aggregate id
	 */
	public static ProducerRecord<String, byte[]> of(UUID eventId, DomainEvent event, String source) {
		EventType type = EventType.of(event);
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(type.topic(), event.aggregateId(),
				EventJson.write(event));
		header(record, CloudEventHeaders.ID, eventId.toString());
		header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
		header(record, CloudEventHeaders.TYPE, type.name());
		header(record, CloudEventHeaders.SOURCE, source);
		header(record, CloudEventHeaders.TIME, Instant.now().toString());
		header(record, CloudEventHeaders.SUBJECT, event.aggregateId());
		header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
		return record;
	}

	private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
		record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
	}

}
