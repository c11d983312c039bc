package dev.olf.customers.customer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;

import org.junit.jupiter.api.Test;

import dev.olf.localstack.test.EveryScope;
import dev.olf.localstack.test.WithInfrastructure;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
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
@Import(EveryScope.class)
@WithInfrastructure(database = "customers")
class CustomerControllerIntegrationTest {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Customers customers;

	@Test
	void refusesABodyLargerThanAMegabyteBeforeReadingIt() {
		String huge = "{\"name\": \"" + "x".repeat(1024 * 1024) + "\"}";

		assertThat(this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content(huge))
			.hasStatus(413)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("at most 1048576");
	}

	@Test
	void refusesABodyThatIsNotJsonOrHasAWildcardTypeWith415() {
		for (String type : List.of("application/*", "*/*", "text/plain", "multipart/form-data", "nonsense")) {
			assertThat(this.mvc.post().uri("/api/customers").header("Content-Type", type).content("{}")).as(type)
				.hasStatus(415)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.extractingPath("$.detail")
				.asString()
				.contains("must be application/json");
		}
	}

	@Test
	void registersACustomerAndWritesCustomerRegisteredToTheOutbox() throws Exception {
		String email = "ada-" + UUID.randomUUID() + "@example.com";
		MvcTestResult result = this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "Ada Lovelace", "email": "%s", "creditLimit": 250.5}
				""".formatted(email)).exchange();

		assertThat(result).hasStatus(201);
		String id = result.getResponse().getContentAsString().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		assertThat(result).headers().hasValue("Location", "/api/customers/" + id);
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
	void locationNeverNamesTheHostTheClientClaims() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/customers")
			.header("Host", "evil.example")
			.header("X-Forwarded-Host", "evil.example")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"name": "Eve", "email": "eve-%s@example.com", "creditLimit": 1}
					""".formatted(UUID.randomUUID()))
			.exchange();

		assertThat(result).hasStatus(201);
		String id = JsonPath.read(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8),
				"$.id");
		assertThat(result.getResponse().getHeader("Location")).isEqualTo("/api/customers/" + id);
	}

	@Test
	void refusesControlCharactersAndOverlongValuesNamingTheField() {
		assertThat(this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "Eve\\r\\nINFO forged log line", "email": "eve@example.com", "creditLimit": 1}
				""")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("name must be plain text");
		assertThat(this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "Eve", "email": "%s@example.com", "creditLimit": 1}
				""".formatted("e".repeat(320)))).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("email size must be between 0 and 320");
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

	@Test
	void refusesAnEmailThatIsAlreadyRegisteredWith409() {
		Customer existing = this.customers.save(CustomerMother.withCredit("10.00"));

		assertThat(this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "Ada", "email": "%s", "creditLimit": 10}
				""".formatted(existing.email().toUpperCase()))).hasStatus(409)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("is already registered");
	}

	@Test
	void answersANonUuidIdWith400() {
		assertThat(this.mvc.get().uri("/api/customers/{id}", "not-a-uuid")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("id", "not-a-uuid");
		assertThat(this.mvc.put()
			.uri("/api/customers/{id}/credit-limit", "42")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"creditLimit": 10}
					""")).hasStatus(400).bodyJson().extractingPath("$.detail").asString().contains("id", "42");
	}

	@Test
	void listsCustomersPageByPageInRegistrationOrder() {
		UUID zed = register("Zed", "5.00");
		UUID amy = register("Amy", "5.00");
		UUID max = register("Max", "5.00");

		assertThat(allIds("registeredAt")).containsSubsequence(zed, amy, max).doesNotHaveDuplicates();
	}

	@Test
	void listsCustomersPageByPageByName() {
		String unique = UUID.randomUUID().toString();
		UUID zed = register("Zed " + unique, "5.00");
		UUID amy = register("Amy " + unique, "5.00");
		UUID max = register("Max " + unique, "5.00");

		assertThat(allIds("name")).containsSubsequence(amy, max, zed).doesNotHaveDuplicates();
	}

	@Test
	void describesAPageWithItsPosition() {
		register("Ada", "5.00");
		register("Bob", "5.00");

		assertThat(this.mvc.get().uri("/api/customers?page=1&size=1")).hasStatusOk().bodyJson().satisfies((json) -> {
			assertThat(json).extractingPath("$.content.length()").isEqualTo(1);
			assertThat(json).extractingPath("$.page.number").isEqualTo(1);
			assertThat(json).extractingPath("$.page.size").isEqualTo(1);
			assertThat(json).extractingPath("$.content[0].availableCredit").isNotNull();
		});
	}

	@Test
	void refusesPagingParametersItCannotServeWith400() {
		assertThat(this.mvc.get().uri("/api/customers?page=-1")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("page must be 0 or more");
		assertThat(this.mvc.get().uri("/api/customers?size=0")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("size must be between 1 and 100");
		assertThat(this.mvc.get().uri("/api/customers?size=101")).hasStatus(400);
		assertThat(this.mvc.get().uri("/api/customers?sort=email")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.isEqualTo("sort must be registeredAt or name, was 'email'");
		assertThat(this.mvc.get().uri("/api/customers?page=first")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("page", "first");
	}

	@Test
	void changesTheCreditLimitAndWritesCreditLimitChangedToTheOutbox() {
		UUID id = register("Ada", "100.00");

		assertThat(putCreditLimit(id, "\"250.5\"")).hasStatusOk().bodyJson().satisfies((json) -> {
			assertThat(json).extractingPath("$.creditLimit").isEqualTo(250.50);
			assertThat(json).extractingPath("$.availableCredit").isEqualTo(250.50);
		});
		assertThat(this.mvc.get().uri("/api/customers/{id}", id)).hasStatusOk()
			.bodyJson()
			.extractingPath("$.creditLimit")
			.isEqualTo(250.50);
		assertThat(this.jdbc.sql("""
				select type, payload ->> 'creditLimit' as limit from outbox where aggregateid = :id order by position
				""")
			.param("id", id.toString())
			.query((rs, row) -> rs.getString("type") + " " + rs.getString("limit"))
			.list()).containsExactly("customer.registered.v1 100.00", "customer.credit-limit-changed.v1 250.50");
	}

	@Test
	void lowersTheCreditLimitToExactlyWhatOrdersHold() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("60.00"));
		customer.commitReservedCredit(new BigDecimal("40.00"));
		UUID id = this.customers.save(customer).id();

		assertThat(putCreditLimit(id, "60")).hasStatusOk().bodyJson().satisfies((json) -> {
			assertThat(json).extractingPath("$.availableCredit").isEqualTo(0.00);
			assertThat(json).extractingPath("$.reservedCredit").isEqualTo(20.00);
			assertThat(json).extractingPath("$.usedCredit").isEqualTo(40.00);
		});
	}

	@Test
	void refusesACreditLimitBelowTheReservedAndUsedCreditWith409() {
		Customer customer = CustomerMother.withCredit("100.00");
		customer.reserveCredit(new BigDecimal("60.00"));
		customer.commitReservedCredit(new BigDecimal("40.00"));
		UUID id = this.customers.save(customer).id();

		assertThat(putCreditLimit(id, "59.99")).hasStatus(409)
			.bodyJson()
			.extractingPath("$.detail")
			.isEqualTo("The credit limit 59.99 is below the 60.00 of credit already reserved (20.00) "
					+ "and used (40.00) by orders");
		assertThat(this.mvc.get().uri("/api/customers/{id}", id)).bodyJson()
			.extractingPath("$.creditLimit")
			.isEqualTo(100.00);
		assertThat(this.jdbc.sql("select count(*) from outbox where aggregateid = :id and type = :type")
			.param("id", id.toString())
			.param("type", "customer.credit-limit-changed.v1")
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void refusesAnInvalidCreditLimitWith400() {
		UUID id = register("Ada", "100.00");

		assertThat(putCreditLimit(id, "1.005")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("creditLimit");
		assertThat(putCreditLimit(id, "-1")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains("creditLimit");
		assertThat(putCreditLimit(id, "\"lots\"")).hasStatus(400);
		assertThat(this.mvc.put()
			.uri("/api/customers/{id}/credit-limit", id)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")).hasStatus(400).bodyJson().extractingPath("$.detail").asString().contains("creditLimit");
	}

	@Test
	void answersACreditLimitChangeOfAnUnknownCustomerWith404() {
		assertThat(putCreditLimit(UUID.randomUUID(), "10")).hasStatus(404)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.startsWith("No customer with id");
	}

	private UUID register(String name, String creditLimit) {
		MvcTestResult result = this.mvc.post().uri("/api/customers").contentType(MediaType.APPLICATION_JSON).content("""
				{"name": "%s", "email": "%s@example.com", "creditLimit": %s}
				""".formatted(name, UUID.randomUUID(), creditLimit)).exchange();
		assertThat(result).hasStatus(201);
		return UUID.fromString(JsonPath.read(body(result), "$.id"));
	}

	private MvcTestResult putCreditLimit(UUID id, String creditLimit) {
		return this.mvc.put()
			.uri("/api/customers/{id}/credit-limit", id)
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"creditLimit": %s}
					""".formatted(creditLimit))
			.exchange();
	}

	/**
	 * Walks every page, a few customers at a time.
	 * @param sort the order
	 * @return the ids in that order
	 */
	private List<UUID> allIds(String sort) {
		List<UUID> ids = new ArrayList<>();
		int totalPages = 1;
		for (int page = 0; page < totalPages; page++) {
			MvcTestResult result = this.mvc.get()
				.uri("/api/customers?page={page}&size=3&sort={sort}", page, sort)
				.exchange();
			assertThat(result).hasStatusOk();
			String json = body(result);
			List<String> content = JsonPath.read(json, "$.content[*].id");
			assertThat(content).hasSizeLessThanOrEqualTo(3);
			content.stream().map(UUID::fromString).forEach(ids::add);
			totalPages = JsonPath.read(json, "$.page.totalPages");
		}
		return ids;
	}

	private static String body(MvcTestResult result) {
		try {
			return result.getResponse().getContentAsString();
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
