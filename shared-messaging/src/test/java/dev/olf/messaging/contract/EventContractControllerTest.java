package dev.olf.messaging.contract;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.olf.events.EventType;
import dev.olf.web.ProblemDetailsAdvice;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;

class EventContractControllerTest {

	private final MockMvcTester mvc = MockMvcTester
		.create(MockMvcBuilders.standaloneSetup(new EventContractController())
			.setControllerAdvice(new ProblemDetailsAdvice())
			.build());

	@Test
	void servesAnAsyncApiDocumentThatDescribesEveryEventTypeOnItsTopic() {
		MvcTestResult result = this.mvc.get().uri("/asyncapi.yaml").exchange();

		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith("application/yaml");
		String document = new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
		assertThat(document).startsWith("asyncapi: 3.");
		assertThat(EventType.all()).isNotEmpty().allSatisfy((type) -> {
			String message = type.name().replace('.', '-');
			assertThat(document).as(type.name())
				.contains("name: " + type.name() + "\n", "ce_type: {const: " + type.name() + "}",
						"$ref: './schemas/" + type.name() + ".schema.json'");
			assertThat(channel(document, type.topic())).as("%s on %s", type.name(), type.topic())
				.contains("$ref: '#/components/messages/" + message + "'");
		});
	}

	@Test
	void servesTheSchemaOfEveryEventTypeWhereTheDocumentRefersToIt() {
		assertThat(EventType.all()).allSatisfy(
				(type) -> assertThat(this.mvc.get().uri("/schemas/{file}", type.name() + ".schema.json")).hasStatusOk()
					.hasContentTypeCompatibleWith("application/schema+json")
					.bodyText()
					.contains(type.name() + ".schema.json"));
	}

	@Test
	void refusesAnythingButASchemaOfTheCatalogue() {
		assertThat(this.mvc.get().uri("/schemas/{file}", "..%2Fasyncapi.yaml")).hasStatus(404)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.get().uri("/schemas/order.placed.v9.schema.json")).hasStatus(404);
	}

	/**
	 * @return the channel's part of the document, from its name to the next channel
	 */
	private static String channel(String document, String topic) {
		int start = document.indexOf("\n  " + topic + ":\n");
		assertThat(start).as("channel %s", topic).isNotNegative();
		int end = document.indexOf("\noperations:");
		Matcher next = Pattern.compile("\n  [a-z]").matcher(document);
		if (next.find(start + 1) && next.start() < end) {
			end = next.start();
		}
		return document.substring(start, end);
	}

}
