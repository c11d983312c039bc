package dev.olf.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The resource server every service gets, with tokens this test signs itself (the decoder
 * trusts its public key instead of the authorization server's): what a caller without a
 * token, with a token without the scope, with an expired token or one signed by another
 * key gets back, and that the right scope passes. {@code AuthMatrixSystemTest} does the
 * same over every endpoint of the running system with the real auth-service.
 */
@SpringBootTest(classes = ApiSecurityIntegrationTest.Api.class)
@AutoConfigureMockMvc
class ApiSecurityIntegrationTest {

	private static final String ISSUER = "http://127.0.0.1:9000";

	private static final KeyPair KEY = keyPair();

	@Autowired
	MockMvcTester mvc;

	@DynamicPropertySource
	static void noClockSkew(DynamicPropertyRegistry properties) {
		properties.add("olf.security.token.clock-skew", () -> "0s");
	}

	@Test
	void refusesARequestWithoutATokenWithAProblemDetail() {
		MvcTestResult answer = this.mvc.get().uri("/api/things").exchange();

		assertThat(answer).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getResponse().getHeader("WWW-Authenticate")).startsWith("Bearer");
		assertThat(answer).bodyJson().extractingPath("$.detail").asString().contains("needs a bearer token");
	}

	@Test
	void refusesATokenWithoutTheScopeAndSaysWhichItNeeds() {
		MvcTestResult answer = this.mvc.post()
			.uri("/api/things")
			.header("Authorization", bearer(token(List.of("things:read", "admin"), Duration.ofMinutes(5))))
			.exchange();

		assertThat(answer).hasStatus(403).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getResponse().getHeader("WWW-Authenticate")).contains("insufficient_scope");
		assertThat(answer).bodyJson().extractingPath("$.detail").asString().contains("things:write");
	}

	@Test
	void refusesAnExpiredToken() {
		MvcTestResult answer = this.mvc.get()
			.uri("/api/things")
			.header("Authorization", bearer(token(List.of("things:read"), Duration.ofSeconds(-1))))
			.exchange();

		assertThat(answer).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getResponse().getHeader("WWW-Authenticate")).contains("invalid_token");
		assertThat(answer).bodyJson().extractingPath("$.detail").asString().contains("expired");
	}

	@Test
	void refusesATokenSignedByAnotherKey() {
		MvcTestResult answer = this.mvc.get()
			.uri("/api/things")
			.header("Authorization", bearer(sign(claims(List.of("things:read"), Duration.ofMinutes(5)), keyPair())))
			.exchange();

		assertThat(answer).hasStatus(401).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getResponse().getHeader("WWW-Authenticate")).contains("invalid_token");
	}

	@Test
	void refusesATokenOfAnotherIssuer() {
		String claims = claims(List.of("things:read"), Duration.ofMinutes(5)).replace(ISSUER, "http://elsewhere");

		assertThat(this.mvc.get().uri("/api/things").header("Authorization", bearer(sign(claims, KEY)))).hasStatus(401);
	}

	@Test
	void letsTheRightScopeThroughAndKeepsTheAnswerOutOfCaches() {
		MvcTestResult answer = this.mvc.get()
			.uri("/api/things")
			.header("Authorization", bearer(token(List.of("things:read"), Duration.ofMinutes(5))))
			.exchange();

		assertThat(answer).hasStatusOk();
		assertThat(answer).headers().hasValue("X-Content-Type-Options", "nosniff");
		assertThat(answer.getResponse().getHeader("Cache-Control")).contains("no-store");
	}

	@Test
	void admitsOnlyAdminsToAdminEndpoints() {
		assertThat(this.mvc.get()
			.uri("/api/admin/things")
			.header("Authorization", bearer(token(List.of("things:read", "things:write"), Duration.ofMinutes(5)))))
			.hasStatus(403);
		assertThat(this.mvc.get()
			.uri("/api/admin/things")
			.header("Authorization", bearer(token(List.of("admin"), Duration.ofMinutes(5))))).hasStatusOk();
	}

	@Test
	void refusesEveryTokenForAPathNoRuleNames() {
		assertThat(this.mvc.get()
			.uri("/api/unruled")
			.header("Authorization",
					bearer(token(List.of("things:read", "things:write", "admin"), Duration.ofMinutes(5)))))
			.hasStatus(403);
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

	private static String token(List<String> scopes, Duration lifetime) {
		return sign(claims(scopes, lifetime), KEY);
	}

	private static String claims(List<String> scopes, Duration lifetime) {
		Instant now = Instant.now();
		return """
				{"iss": "%s", "sub": "test-client", "iat": %d, "exp": %d, "scope": "%s"}""".formatted(ISSUER,
				now.minusSeconds(60).getEpochSecond(), now.plus(lifetime).getEpochSecond(), String.join(" ", scopes));
	}

	private static String sign(String claims, KeyPair key) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String unsigned = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
				+ "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
		try {
			Signature signature = Signature.getInstance("SHA256withRSA");
			signature.initSign(key.getPrivate());
			signature.update(unsigned.getBytes(StandardCharsets.US_ASCII));
			return unsigned + "." + base64.encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Things.class)
	static class Api {

		/**
		 * The decoder Boot makes from the issuer's key set, with this test's key instead:
		 * the issuer and the lifetime (with the configured clock skew) are checked.
		 */
		@Bean
		JwtDecoder jwtDecoder(JwtTimestampValidator lifetime) {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEY.getPublic()).build();
			decoder.setJwtValidator(
					JwtValidators.createDefaultWithValidators(List.of(new JwtIssuerValidator(ISSUER), lifetime)));
			return decoder;
		}

		@Bean
		AccessRules accessRules() {
			return AccessRules.builder().read("/api/things/**", "things:read").write("/api/things/**", "things:write");
		}

	}

	@RestController
	static class Things {

		@GetMapping({ "/api/things", "/api/admin/things", "/api/unruled" })
		List<String> things() {
			return List.of("a thing");
		}

		@PostMapping("/api/things")
		List<String> add() {
			return List.of("a thing");
		}

	}

}
