package dev.olf.auth;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clients of application.yml get the tokens the services expect, and nobody else
 * does.
 */
@SpringBootTest(properties = "spring.security.oauth2.authorizationserver.issuer=http://127.0.0.1:9000")
@AutoConfigureMockMvc
class AuthorizationServerIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	MockMvcTester mvc;

	@Test
	void givesTheLocalClientATokenWithTheScopesItAsksFor() {
		MvcTestResult answer = token("olf-local", "olf-local-dev-only", "orders:read orders:write");

		assertThat(answer).hasStatusOk();
		JsonNode claims = claims(answer);
		assertThat(claims.path("iss").asString()).isEqualTo("http://127.0.0.1:9000");
		assertThat(claims.path("sub").asString()).isEqualTo("olf-local");
		assertThat(claims.path("scope").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("orders:read",
				"orders:write");
	}

	@Test
	void givesOrderServiceOnlyTheReadsItsDetailsNeed() {
		assertThat(token("order-service", "order-service-local-dev-only", "customers:read catalogue:read"))
			.hasStatusOk();
		assertThat(token("order-service", "order-service-local-dev-only", "admin")).hasStatus(400)
			.bodyText()
			.contains("invalid_scope");
	}

	@Test
	void refusesAWrongSecret() {
		assertThat(token("olf-local", "guessed", "admin")).hasStatus(401);
	}

	/**
	 * The whole login, from the dashboard through this form and back, is
	 * olf-stats-service's DashboardBrowserTest.
	 */
	@Test
	void hasALoginFormForPeople() {
		assertThat(this.mvc.get().uri("/login").accept(MediaType.TEXT_HTML)).hasStatusOk()
			.bodyText()
			.contains("name=\"username\"", "name=\"password\"");
	}

	@Test
	void keepsHealthOpenForProbes() {
		assertThat(this.mvc.get().uri("/actuator/health/readiness")).hasStatusOk();
	}

	private MvcTestResult token(String client, String secret, String scope) {
		return this.mvc.post()
			.uri("/oauth2/token")
			.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((client + ":" + secret).getBytes()))
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("grant_type", "client_credentials")
			.param("scope", scope)
			.exchange();
	}

	private static JsonNode claims(MvcTestResult answer) {
		String token;
		try {
			token = JSON.readTree(answer.getResponse().getContentAsString()).path("access_token").asString();
		}
		catch (java.io.UnsupportedEncodingException ex) {
			throw new IllegalStateException(ex);
		}
		return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
	}

}
