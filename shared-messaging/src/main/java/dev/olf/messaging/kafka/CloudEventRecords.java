package dev.olf.messaging.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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
		return record(type.topic(), event.aggregateId(), EventJson.write(event),
				headers(eventId, type, source, Instant.now(), event.aggregateId()));
	}

	/**
	 * The CloudEvents attributes of an event, as Kafka header names and values.
	 * @param eventId the {@code ce_id}
	 * @param type the event type
	 * @param source the {@code ce_source}
	 * @param time the {@code ce_time}
	 * @param subject the {@code ce_subject}, the aggregate id
	 * @return the headers in a stable order, open for more (e.g. {@code traceparent})
	 */
	public static Map<String, String> headers(UUID eventId, EventType type, String source, Instant time,
			String subject) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put(CloudEventHeaders.ID, eventId.toString());
		headers.put(CloudEventHeaders.SPEC_VERSION, "1.0");
		headers.put(CloudEventHeaders.TYPE, type.name());
		headers.put(CloudEventHeaders.SOURCE, source);
		headers.put(CloudEventHeaders.TIME, time.toString());
		headers.put(CloudEventHeaders.SUBJECT, subject);
		headers.put(CloudEventHeaders.CONTENT_TYPE, "application/json");
		return headers;
	}

	/**
	 * A record with string headers.
	 * @param topic the topic
	 * @param key the key, the aggregate id
	 * @param value the event as JSON
	 * @param headers the headers
	 * @return the record
	 */
	public static ProducerRecord<String, byte[]> record(String topic, String key, byte[] value,
			Map<String, String> headers) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
		headers.forEach(
				(name, text) -> record.headers().add(new RecordHeader(name, text.getBytes(StandardCharsets.UTF_8))));
		return record;
	}

}
