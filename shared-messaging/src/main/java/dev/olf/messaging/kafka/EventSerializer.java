package dev.olf.messaging.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.serialization.Serializer;

import dev.olf.events.EventJson;

/**
 * Writes event records as JSON; raw bytes and strings pass through, so the dead-letter
 * publisher can forward a record it could not even read.
 */
public class EventSerializer implements Serializer<Object> {

	@Override
	public byte[] serialize(String topic, Object data) {
		if (data == null) {
			return null;
		}
		if (data instanceof byte[] bytes) {
			return bytes;
		}
		if (data instanceof String string) {
			return string.getBytes(StandardCharsets.UTF_8);
		}
		return EventJson.write(data);
	}

}
