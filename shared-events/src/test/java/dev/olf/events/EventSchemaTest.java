package dev.olf.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class EventSchemaTest {

	private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	static Schema schemaOf(EventType type) {
		try (InputStream in = EventSchemaTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
			assertThat(in).as("schema of %s at %s", type.name(), type.schemaResource()).isNotNull();
			return SCHEMAS.getSchema(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Iterable<DomainEvent> events() {
		return SampleEvents.oneOfEach();
	}

	@ParameterizedTest
	@MethodSource("events")
	void everyEventSerialisesToADocumentItsSchemaAccepts(DomainEvent event) {
		Schema schema = schemaOf(EventType.of(event));

		assertThat(schema.validate(EventJson.mapper().valueToTree(event))).isEmpty();
	}

	@Test
	void schemasRejectWhatTheRecordsReject() {
		Schema schema = schemaOf(EventType.byName("order.placed.v1").orElseThrow());
		String noLines = """
				{"orderId":"9b8a7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d","customerId":"0d4f7c8e-1a2b-4c3d-8e9f-a0b1c2d3e4f5",
				 "lines":[],"total":"1.999"}""";

		assertThat(schema.validate(EventJson.mapper().readTree(noLines))).hasSizeGreaterThanOrEqualTo(2);
	}

}
