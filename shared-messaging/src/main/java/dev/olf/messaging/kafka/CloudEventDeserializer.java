package dev.olf.messaging.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import dev.olf.events.CloudEventHeaders;
import dev.olf.events.EventJson;
import dev.olf.events.MalformedEventException;
import dev.olf.events.UnknownEventTypeException;

/**
 * Reads a CloudEvents binary-mode record into the event record its {@code ce_type} names.
 * Wrapped in Spring Kafka's {@code ErrorHandlingDeserializer}, a record that cannot be
 * read reaches the error handler, which sends it to the dead-letter topic.
 */
public class CloudEventDeserializer implements Deserializer<Object> {

	@Override
	public Object deserialize(String topic, byte[] data) {
		throw new MalformedEventException("A CloudEvents record needs its " + CloudEventHeaders.TYPE + " header");
	}

	@Override
	public Object deserialize(String topic, Headers headers, byte[] data) {
		Header type = headers.lastHeader(CloudEventHeaders.TYPE);
		if (type == null) {
			throw new UnknownEventTypeException("Record on " + topic + " has no " + CloudEventHeaders.TYPE + " header");
		}
		return EventJson.read(data, new String(type.value(), StandardCharsets.UTF_8));
	}

}
