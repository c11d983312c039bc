package dev.olf.orders;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.olf.localstack.test.OpenApiCoverage;
import dev.olf.localstack.test.WithInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

// No consumers: it runs first, and its cached context would otherwise stay in the
// service's consumer group while SagaEventsIntegrationTest runs and take some of its
// partitions, applying that test's events to another database (a flaky failure in CI).
@SpringBootTest(properties = { "olf.messaging.outbox.relay-enabled=false", "spring.kafka.listener.auto-startup=false" })
@AutoConfigureMockMvc
@WithInfrastructure(database = "orders_api")
class ApiDocumentationIntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void documentsEveryEndpointWithTheProblemDetailsItAnswers() {
		String apiDocs = apiDocs();

		assertThat(OpenApiCoverage.undocumented(apiDocs, this.mappings)).isEmpty();
		assertThat(OpenApiCoverage.withoutProblemDetails(apiDocs)).isEmpty();
		assertThat(apiDocs).contains("\"bearer-jwt\"", "\"/api/orders/{id}\"");
	}

	@Test
	void servesSwaggerUi() {
		assertThat(this.mvc.get().uri("/swagger-ui.html")).hasStatus3xxRedirection();
		assertThat(this.mvc.get().uri("/swagger-ui/index.html")).hasStatusOk();
	}

	private String apiDocs() {
		var result = this.mvc.get().uri("/v3/api-docs").exchange();
		assertThat(result).hasStatusOk();
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

}
