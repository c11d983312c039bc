package dev.olf.messaging.contract;

import dev.olf.domain.NotFoundException;
import dev.olf.events.EventType;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@code shared-events}' AsyncAPI document at {@code /asyncapi.yaml} and the JSON
 * Schemas it refers to ({@code ./schemas/<type>.schema.json}) beside it, so that a tool
 * pointed at any service's {@code /asyncapi.yaml} resolves every message's payload. The
 * documents are the ones the events are tested against, not copies.
 */
@RestController
class EventContractController {

	static final String ASYNCAPI = "dev/olf/events/asyncapi.yaml";

	private static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	private static final MediaType SCHEMA_JSON = MediaType.parseMediaType("application/schema+json");

	@GetMapping(path = "/asyncapi.yaml", produces = "application/yaml")
	ResponseEntity<Resource> asyncApi() {
		return ResponseEntity.ok().contentType(YAML).body(new ClassPathResource(ASYNCAPI));
	}

	/**
	 * @param file a schema's file name, e.g. {@code order.placed.v1.schema.json}
	 * @return the schema of that event type
	 */
	@GetMapping(path = "/schemas/{file}", produces = "application/schema+json")
	ResponseEntity<Resource> schema(@PathVariable String file) {
		EventType type = EventType.all()
			.stream()
			.filter((candidate) -> (candidate.name() + ".schema.json").equals(file))
			.findFirst()
			.orElseThrow(() -> new NotFoundException(
					"No event type has the schema " + file + "; /asyncapi.yaml lists every type"));
		return ResponseEntity.ok().contentType(SCHEMA_JSON).body(new ClassPathResource(type.schemaResource()));
	}

}
