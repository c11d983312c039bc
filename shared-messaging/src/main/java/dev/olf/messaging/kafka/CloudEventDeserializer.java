package dev.olf.messaging.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.jspecify.annotations.Nullable;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.EventJson;
import dev.olf.events.EventType;
import dev.olf.events.MalformedEventException;
import dev.olf.events.UnknownEventTypeException;
import dev.olf.messaging.EventTypeNotForTopicException;
import dev.olf.messaging.MissingCloudEventHeaderException;

/**
 * Reads a CloudEvents binary-mode record into the event record its {@code ce_type} names.
 * Wrapped in Spring Kafka's {@code ErrorHandlingDeserializer}, a record that cannot be
 * read reaches the error handler, which sends it to the dead-letter topic. Each way a
 * record can be unreadable has its own exception, so that the dead letter names it: a
 * missing header, an unknown type, a type of another topic, a payload that is not valid
 * JSON of its type.
 */
public class CloudEventDeserializer implements Deserializer<Object> {

	private static final Set<String> CATALOGUE_TOPICS = EventType.all()
		.stream()
		.map(EventType::topic)
		.collect(Collectors.toUnmodifiableSet());

	@Override
	public Object deserialize(String topic, byte @Nullable [] data) {
		throw new MissingCloudEventHeaderException("A CloudEvents record needs its " + CloudEventHeaders.TYPE + " and "
				+ CloudEventHeaders.ID + " headers; none were given");
	}

	@Override
	public Object deserialize(String topic, Headers headers, byte @Nullable [] data) {
		String type = header(headers, CloudEventHeaders.TYPE);
		String id = header(headers, CloudEventHeaders.ID);
		if (type == null || id == null) {
			throw new MissingCloudEventHeaderException("Record on " + topic + " has no "
					+ ((type == null) ? CloudEventHeaders.TYPE : CloudEventHeaders.ID) + " header");
		}
		try {
			UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw new MissingCloudEventHeaderException(
					"Record on " + topic + " has a " + CloudEventHeaders.ID + " that is not a UUID: '" + id + "'");
		}
		EventType eventType = EventType.byName(type)
			.orElseThrow(() -> new UnknownEventTypeException(
					"Unknown event type '" + type + "' on " + topic + ": not in this version's event catalogue"));
		// Only the catalogue's topics and those named after them (a group's replay topic,
		// <topic>.<group>.replay, holds that topic's events) are checked: a test or tool
		// may put events on a topic of its own.
		String catalogueTopic = catalogueTopic(topic);
		if (catalogueTopic != null && !eventType.topic().equals(catalogueTopic)) {
			throw new EventTypeNotForTopicException(
					"Event type '" + type + "' belongs on " + eventType.topic() + ", not on " + topic);
		}
		if (data == null) {
			throw new MalformedEventException("Record " + type + " on " + topic + " has no payload");
		}
		return EventJson.read(data, eventType.javaType());
	}

	private static @Nullable String catalogueTopic(String topic) {
		for (String catalogueTopic : CATALOGUE_TOPICS) {
			if (topic.equals(catalogueTopic) || topic.startsWith(catalogueTopic + ".")) {
				return catalogueTopic;
			}
		}
		return null;
	}

	private static @Nullable String header(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
