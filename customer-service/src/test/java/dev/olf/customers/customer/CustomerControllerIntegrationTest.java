package dev.olf.customers.customer;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.olf.localstack.test.WithInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

// Without the relay, the outbox keeps what the request wrote; publishing is the library's
// concern and is tested there and end to end.
@SpringBootTest(properties = "olf.messaging.outbox.relay-enabled=false")
@AutoConfigureMockMvc
@WithInfrastructure(database = "customers")
class CustomerControllerIntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Test
	void registersACustomerAndWritesCustomerRegisteredToTheOutbox() throws Exception {
		String email = "ada-" + UUID.randomUUID() + "@example.com";
		MvcTestResult result = this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "Ada Lovelace", "email": "%s", "creditLimit": 250.5}
				""".formatted(email)).exchange();

		assertThat(result).hasStatus(201);
		String id = result.getResponse().getContentAsString().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		assertThat(result).headers().hasValue("Location", "http://localhost/api/customers/" + id);
		assertThat(result).bodyJson().extractingPath("$.availableCredit").isEqualTo(250.50);
		assertThat(this.mvc.get().uri("/api/customers/{id}", id)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.email")
			.isEqualTo(email);
		assertThat(this.jdbc.sql("select type, payload ->> 'email' as email from outbox where aggregateid = :id")
			.param("id", id)
			.query((rs, row) -> rs.getString("type") + " " + rs.getString("email"))
			.list()).containsExactly("customer.registered.v1 " + email);
	}

	@Test
	void refusesAnInvalidRegistrationWithAProblemDetailNamingTheFields() {
		assertThat(this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "", "email": "not-an-email", "creditLimit": -5}
				""")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("name", "email", "creditLimit");
	}

	@Test
	void refusesAnAmountWithMoreThanTwoDecimals() {
		assertThat(this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "Ada", "email": "ada-%s@example.com", "creditLimit": "1.005"}
				""".formatted(UUID.randomUUID()))).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("creditLimit");
	}

	@Test
	void refusesMalformedJsonWithAProblemDetail() {
		assertThat(this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
			.hasStatus(400)
			.bodyJson()
			.extractingPath("$.title")
			.isEqualTo("Bad Request");
	}

	@Test
	void answersAnUnknownCustomerWith404() {
		assertThat(this.mvc.get().uri("/api/customers/{id}", UUID.randomUUID())).hasStatus(404)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("No customer with id");
	}

}
