package dev.olf.events;

import java.math.BigDecimal;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The JSON form of events. Amounts are written as strings with two decimal places
 * ({@code "12.50"}) so that no consumer parses them into a floating point number; numbers
 * are read too. Unknown properties are ignored, so a producer may add a field without
 * breaking consumers.
 */
public final class EventJson {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
		.addModule(new SimpleModule("money").addSerializer(BigDecimal.class, new MoneySerializer()))
		.build();

	private EventJson() {
	}

	/**
	 * The mapper events are written and read with.
	 * @return a shared, immutable mapper
	 */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	public static byte[] write(Object event) {
		return MAPPER.writeValueAsBytes(event);
	}

	public static String writeString(Object event) {
		return MAPPER.writeValueAsString(event);
	}

	/**
	 * Reads an event of the type a record's {@code ce_type} names.
	 * @param json the payload
	 * @param type the event type name
	 * @return the event
	 * @throws UnknownEventTypeException if the type is not in the catalogue
	 * @throws MalformedEventException if the payload is not a valid event of that type
	 */
	public static DomainEvent read(byte[] json, String type) {
		EventType eventType = EventType.byName(type)
			.orElseThrow(() -> new UnknownEventTypeException("Unknown event type '" + type + "'"));
		return read(json, eventType.javaType());
	}

	public static <T> T read(byte[] json, Class<T> type) {
		try {
			T event = MAPPER.readValue(json, type);
			if (event == null) {
				throw new MalformedEventException("Empty payload for " + type.getSimpleName());
			}
			return event;
		}
		catch (JacksonException ex) {
			throw new MalformedEventException("Not a valid " + type.getSimpleName() + ": " + ex.getOriginalMessage(),
					ex);
		}
	}

	private static final class MoneySerializer extends StdSerializer<BigDecimal> {

		MoneySerializer() {
			super(BigDecimal.class);
		}

		@Override
		public void serialize(BigDecimal value, JsonGenerator gen, SerializationContext context) {
			gen.writeString(value.toPlainString());
		}

	}

}
