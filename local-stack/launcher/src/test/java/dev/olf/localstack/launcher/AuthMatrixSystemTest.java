package dev.olf.localstack.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.olf.localstack.ClientCredentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint of every service on the running system, against every kind of caller: no
 * token (401), a token without the endpoint's scope (403), an expired token and one
 * signed by a key that is not the authorization server's (401), each refusal a problem
 * detail with {@code WWW-Authenticate}; and the right scope gets past security (neither
 * 401 nor 403). The table of endpoints is checked against the endpoints each service
 * documents (its OpenAPI document, which anybody may read), so a new endpoint without a
 * row here, and so without a rule, fails the build.
 */
class AuthMatrixSystemTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final List<Service> EVERY_API = Service.apis();

	/** Every endpoint, as its service maps it, and the scope it needs. */
	static final List<Endpoint> ENDPOINTS = endpoints();

	private static final Map<String, String> tokens = new HashMap<>();

	private static String expired;

	private static String foreign;

	private static List<Endpoint> endpoints() {
		List<Endpoint> endpoints = new ArrayList<>(
				List.of(new Endpoint(Service.CUSTOMER, "POST", "/api/customers", "customers:write"),
						new Endpoint(Service.CUSTOMER, "GET", "/api/customers", "customers:read"),
						new Endpoint(Service.CUSTOMER, "GET", "/api/customers/{id}", "customers:read"),
						new Endpoint(Service.CUSTOMER, "PUT", "/api/customers/{id}/credit-limit", "customers:write"),
						new Endpoint(Service.INVENTORY, "POST", "/api/products", "catalogue:write"),
						new Endpoint(Service.INVENTORY, "GET", "/api/products", "catalogue:read"),
						new Endpoint(Service.INVENTORY, "GET", "/api/products/{sku}", "catalogue:read"),
						new Endpoint(Service.INVENTORY, "POST", "/api/products/{sku}/restock", "catalogue:write"),
						new Endpoint(Service.INVENTORY, "PUT", "/api/products/{sku}/price", "catalogue:write"),
						new Endpoint(Service.ORDER, "POST", "/api/orders", "orders:write"),
						new Endpoint(Service.ORDER, "GET", "/api/orders", "orders:read"),
						new Endpoint(Service.ORDER, "GET", "/api/orders/{id}", "orders:read"),
						new Endpoint(Service.ORDER, "GET", "/api/orders/{id}/details", "orders:read"),
						new Endpoint(Service.ORDER, "POST", "/api/orders/{id}/cancel", "orders:write"),
						new Endpoint(Service.ORDER, "GET", "/api/catalogue/{sku}", "orders:read"),
						new Endpoint(Service.STATS, "GET", "/", "stats:read"),
						new Endpoint(Service.STATS, "GET", "/api/stats/summary", "stats:read"),
						new Endpoint(Service.STATS, "GET", "/api/stats/timeseries", "stats:read"),
						new Endpoint(Service.STATS, "GET", "/api/stats/products/top", "stats:read"),
						new Endpoint(Service.STATS, "GET", "/api/stats/products/low-stock", "stats:read"),
						new Endpoint(Service.STATS, "GET", "/api/stats/stream", "stats:read"),
						new Endpoint(Service.STATS, "POST", "/api/admin/projections/rebuild", "admin")));
		for (Service service : EVERY_API) {
			endpoints.add(new Endpoint(service, "GET", "/api/admin/dead-letters", "admin"));
			endpoints.add(new Endpoint(service, "POST", "/api/admin/dead-letters/{id}/replay", "admin"));
			endpoints.add(new Endpoint(service, "POST", "/api/admin/dead-letters/replay", "admin"));
			endpoints.add(new Endpoint(service, "GET", "/actuator/prometheus", "metrics:read"));
			endpoints.add(new Endpoint(service, "GET", "/actuator/info", "admin"));
		}
		return List.copyOf(endpoints);
	}

	@BeforeAll
	static void tokens() throws Exception {
		URI auth = SystemStack.authUrl();
		for (String scope : ENDPOINTS.stream().map(Endpoint::scope).collect(Collectors.toSet())) {
			tokens.put(scope, new ClientCredentials(auth, ClientCredentials.LOCAL_CLIENT_ID,
					ClientCredentials.LOCAL_CLIENT_SECRET, scope)
				.token());
			tokens.put("all but " + scope, new ClientCredentials(auth, ClientCredentials.LOCAL_CLIENT_ID,
					ClientCredentials.LOCAL_CLIENT_SECRET, allBut(scope))
				.token());
		}
		ClientCredentials shortLived = new ClientCredentials(auth, SystemStack.SHORT_LIVED_CLIENT_ID,
				SystemStack.SHORT_LIVED_CLIENT_SECRET, ClientCredentials.EVERY_SCOPE);
		expired = shortLived.token();
		Instant expiry = Instant.ofEpochSecond(claims(expired).path("exp").asLong());
		await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));
		foreign = signedByAStranger(expired);
	}

	/**
	 * The table names exactly the endpoints each service maps under {@code /api/}.
	 */
	@ParameterizedTest
	@EnumSource(value = Service.class, names = "AUTH", mode = EnumSource.Mode.EXCLUDE)
	void theTableHoldsEveryEndpointTheServiceMaps(Service service) throws Exception {
		// The OpenAPI document lists every endpoint the controllers map
		// (ApiDocumentationIntegrationTest checks that in each service).
		Answer document = send(service, "GET", "/v3/api-docs", null);
		assertThat(document.status()).as(document.body()).isEqualTo(200);
		Set<String> mapped = new TreeSet<>();
		JSON.readTree(document.body()).path("paths").properties().forEach((path) -> {
			if (path.getKey().startsWith("/api/")) {
				path.getValue()
					.propertyNames()
					.forEach((method) -> mapped.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
			}
		});
		Set<String> listed = ENDPOINTS.stream()
			.filter((endpoint) -> endpoint.service() == service && endpoint.path().startsWith("/api/"))
			.map((endpoint) -> endpoint.method() + " " + endpoint.path())
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(listed)
			.as("endpoints of %s in this test's table (add a row and an AccessRules rule for a new one)",
					service.module())
			.isEqualTo(mapped);
	}

	@ParameterizedTest
	@MethodSource("endpointList")
	void refusesARequestWithoutAToken(Endpoint endpoint) throws Exception {
		assertRefused(endpoint, send(endpoint, null), 401);
	}

	@ParameterizedTest
	@MethodSource("endpointList")
	void refusesATokenWithoutTheScope(Endpoint endpoint) throws Exception {
		Answer answer = send(endpoint, tokens.get("all but " + endpoint.scope()));
		assertRefused(endpoint, answer, 403);
		assertThat(answer.authenticate()).as(endpoint.toString()).contains("insufficient_scope");
	}

	@ParameterizedTest
	@MethodSource("endpointList")
	void refusesAnExpiredToken(Endpoint endpoint) throws Exception {
		Answer answer = send(endpoint, expired);
		assertRefused(endpoint, answer, 401);
		assertThat(answer.authenticate()).as(endpoint.toString()).contains("invalid_token");
	}

	@ParameterizedTest
	@MethodSource("endpointList")
	void refusesATokenSignedByAnotherKey(Endpoint endpoint) throws Exception {
		Answer answer = send(endpoint, foreign);
		assertRefused(endpoint, answer, 401);
		assertThat(answer.authenticate()).as(endpoint.toString()).contains("invalid_token");
	}

	@ParameterizedTest
	@MethodSource("endpointList")
	void letsTheRightScopeThrough(Endpoint endpoint) throws Exception {
		Answer answer = send(endpoint, tokens.get(endpoint.scope()));
		assertThat(answer.status()).as("%s with %s: %s", endpoint, endpoint.scope(), answer.body())
			.isNotIn(401, 403)
			.isLessThan(500);
	}

	@Test
	void healthStaysOpen() throws Exception {
		for (Service service : Service.values()) {
			for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
				assertThat(send(service, "GET", path, null).status()).as("%s %s", service.module(), path)
					.isEqualTo(200);
			}
		}
	}

	/**
	 * The API's description holds no data; what it describes needs a token (above).
	 */
	@Test
	void theApiDocumentsAreOpen() throws Exception {
		for (Service service : EVERY_API) {
			for (String path : List.of("/v3/api-docs", "/swagger-ui/index.html", "/asyncapi.yaml")) {
				assertThat(send(service, "GET", path, null).status()).as("%s %s", service.module(), path)
					.isEqualTo(200);
			}
		}
	}

	@Test
	void apisAnswerWithSecurityHeaders() throws Exception {
		Answer answer = send(Service.CUSTOMER, "GET", "/api/customers", tokens.get("customers:read"));
		assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(answer.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		Answer dashboard = send(Service.STATS, "GET", "/dashboard.js", null);
		assertThat(dashboard.status()).isEqualTo(200);
		assertThat(dashboard.headers().firstValue("Content-Security-Policy"))
			.hasValueSatisfying((value) -> assertThat(value).startsWith("default-src 'self'"));
	}

	static Stream<Endpoint> endpointList() {
		return ENDPOINTS.stream();
	}

	private static void assertRefused(Endpoint endpoint, Answer answer, int status) throws IOException {
		assertThat(answer.status()).as("%s: %s", endpoint, answer.body()).isEqualTo(status);
		assertThat(answer.headers().firstValue("Content-Type")).as(endpoint.toString())
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = JSON.readTree(answer.body());
		assertThat(problem.path("status").asInt()).as(endpoint.toString()).isEqualTo(status);
		assertThat(problem.path("detail").asString("")).as(endpoint.toString()).isNotBlank();
		assertThat(answer.authenticate()).as(endpoint.toString()).startsWith("Bearer");
	}

	private static String allBut(String scope) {
		Set<String> excluded = switch (scope) {
			// admin may scrape Prometheus as well.
			case "metrics:read" -> Set.of("metrics:read", "admin");
			default -> Set.of(scope);
		};
		return Arrays.stream(ClientCredentials.EVERY_SCOPE.split(" "))
			.filter((each) -> !excluded.contains(each))
			.collect(Collectors.joining(" "));
	}

	private static JsonNode claims(String jwt) {
		return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

	/**
	 * The same header (key id included) and claims, with a fresh expiry, signed by a key
	 * the authorization server never had.
	 */
	private static String signedByAStranger(String jwt) throws GeneralSecurityException {
		String[] parts = jwt.split("\\.");
		String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replaceAll("\"exp\":\\d+", "\"exp\":" + Instant.now().plus(Duration.ofHours(1)).getEpochSecond());
		String unsigned = parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8));
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		PrivateKey stranger = generator.generateKeyPair().getPrivate();
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(stranger);
		signature.update(unsigned.getBytes(StandardCharsets.US_ASCII));
		return unsigned + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
	}

	private static Answer send(Endpoint endpoint, String token) throws IOException, InterruptedException {
		return send(endpoint.service(), endpoint.method(), endpoint.sample(), token);
	}

	private static Answer send(Service service, String method, String path, String token)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(SystemStack.shared().url(service).resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Accept", "application/json, */*;q=0.5");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		if (method.equals("GET")) {
			request.GET();
		}
		else {
			// An empty object: every body here lacks its required fields, so nothing
			// changes.
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString("{}"));
		}
		HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = response.body()) {
			// A stream that was let through never ends: its status is all this needs.
			boolean endless = response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
			String text = endless ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
			return new Answer(response.statusCode(), response.headers(), text);
		}
	}

	record Answer(int status, java.net.http.HttpHeaders headers, String body) {

		String authenticate() {
			return this.headers.firstValue("WWW-Authenticate").orElse("");
		}

	}

	/**
	 * @param service the service
	 * @param method the HTTP method
	 * @param path the path as the service maps it, e.g. {@code /api/customers/{id}}
	 * @param scope the scope it needs
	 */
	record Endpoint(Service service, String method, String path, String scope) {

		String sample() {
			return this.path.replaceAll("\\{[^}]+\\}", UUID.randomUUID().toString());
		}

		@Override
		public String toString() {
			return this.method + " " + this.service.module() + this.path;
		}

	}

}
