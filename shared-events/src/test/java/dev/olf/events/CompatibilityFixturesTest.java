package dev.olf.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Payloads stored when each type was introduced. They are never regenerated: if one stops
 * reading, a change broke consumers that still hold such events in Kafka.
 */
class CompatibilityFixturesTest {

	static Iterable<EventType> types() {
		return EventType.all();
	}

	@ParameterizedTest
	@MethodSource("types")
	void storedSampleOfEveryTypeStillReadsAndMatchesItsSchema(EventType type) {
		byte[] fixture = fixture(type);

		DomainEvent event = EventJson.read(fixture, type.name());

		assertThat(event).isInstanceOf(type.javaType());
		assertThat(EventSchemaTest.schemaOf(type).validate(EventJson.mapper().readTree(fixture))).isEmpty();
		assertThat(EventJson.read(EventJson.write(event), type.name())).isEqualTo(event);
	}

	private static byte[] fixture(EventType type) {
		String name = "dev/olf/events/fixtures/" + type.name() + ".json";
		try (InputStream in = CompatibilityFixturesTest.class.getClassLoader().getResourceAsStream(name)) {
			assertThat(in).as("fixture %s", name).isNotNull();
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
