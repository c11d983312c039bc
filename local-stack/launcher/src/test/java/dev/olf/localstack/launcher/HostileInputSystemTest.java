package dev.olf.localstack.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thousands of malformed requests over every public endpoint of every service, each
 * broken in at least one way (path, query, headers, content type, body), the way a sloppy
 * client or an attacker sends them. None may cost a 5xx or a crash, every refusal is a
 * problem detail that says something, and nothing the requests touched changes.
 */
class HostileInputSystemTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final int REQUESTS = 2_000;

	private static final List<String> BAD_IDS = List.of("not-a-uuid", "%00", "%ff%fe", "..%2f..%2fetc%2fpasswd", "1",
			"00000000-0000-0000-0000-00000000000g", "a".repeat(5_000), "%E2%80%AE", "'%20or%201=1--", "%3Cscript%3E",
			"-1", "null");

	private static final List<String> BAD_QUERIES = List.of("page=-1", "page=[]", "page=2147483647", "size=0",
			"size=1000000000", "size=1e3", "sort=abc", "sort=%00", "sort=name,sideways", "page=%00", "customerId=x",
			"status=MAYBE", "limit=-5", "limit=abc", "metric=%00", "from=yesterday", "step=PT0S", "step=P-1D",
			"waitFor=soon", "timeout=-1s", "waitFor=final&timeout=1d", "page=1&page=2&size=x");

	private static final List<String> BAD_BODIES = List.of("", "null", "[]", "{", "{\"", "{}}", "\"text\"", "42",
			"{\"name\": 1e400}", "{\"quantity\": -1}", "{\"quantity\": 99999999999999999999}",
			"{\"price\": \"12.345\"}", "{\"price\": \"NaN\"}", "{\"creditLimit\": -0.01}",
			// Each body is wrong for every endpoint, not only for some: a control
			// character where it is refused, and a number no endpoint takes.
			"{\"sku\": \"A\\u0000B\", \"name\": \"x\", \"price\": -1, \"quantity\": 0}",
			"{\"name\": \"\\u0007bell\", \"email\": \"a@b.c\", \"creditLimit\": -1, \"quantity\": 0}",
			"{\"customerId\": \"x\", \"lines\": []}", "{\"customerId\": null, \"lines\": null}",
			"{\"lines\": [{\"sku\": null, \"quantity\": 0}]}", "[".repeat(10_000) + "]".repeat(10_000),
			"{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000), "\uFEFF{}", "{\"name\": \"" + "x".repeat(300) + "\"}");

	private static final List<String> BAD_CONTENT_TYPES = List.of("application/*", "*/*", "text/plain",
			"application/xml", "application/json;charset=bogus", "multipart/form-data",
			"application/x-www-form-urlencoded", "application", "");

	@Test
	void noMalformedRequestCostsA5xxACrashOrAnyData() throws Exception {
		UUID customer = Shop.customerWithCredit("100.00");
		String sku = Shop.product("5.00", 10);
		UUID order = Shop.placeOrder(customer, sku, 1);
		Shop.awaitFinal(order);
		// The participants commit after the order is decided: wait for the quiet state.
		await().atMost(Shop.WAIT)
			.until(() -> Shop.customer(customer).path("reservedCredit").decimalValue().signum() == 0
					&& Shop.product(sku).path("reserved").asInt() == 0);
		Map<String, JsonNode> before = state(customer, sku, order);

		Random random = new Random(20261124);
		List<Endpoint> endpoints = endpoints(customer, sku, order);
		Map<Integer, Integer> statuses = new LinkedHashMap<>();
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
			Attempt attempt = endpoint.hostile(random);
			HttpResponse<String> response = send(attempt);
			statuses.merge(response.statusCode(), 1, Integer::sum);
			String problem = problemWith(response);
			if (problem != null && failures.size() < 20) {
				failures.add(attempt + " -> " + response.statusCode() + " " + problem);
			}
		}

		assertThat(failures).as("answers to malformed requests (statuses: %s)", statuses).isEmpty();
		for (Service service : Service.values()) {
			assertThat(SystemStack.get(service, "/actuator/health/liveness").status()).as(service.module())
				.isEqualTo(200);
		}
		assertThat(state(customer, sku, order)).isEqualTo(before);
	}

	/**
	 * @return what is wrong with the answer, or {@code null} if it is a proper refusal
	 */
	private static String problemWith(HttpResponse<String> response) {
		int status = response.statusCode();
		if (status >= 500) {
			return "server error: " + abbreviate(response.body());
		}
		if (status < 400) {
			return null;
		}
		String type = response.headers().firstValue("Content-Type").orElse("");
		if (!type.startsWith("application/problem+json")) {
			return "not a problem detail (" + type + "): " + abbreviate(response.body());
		}
		try {
			JsonNode body = JSON.readTree(response.body());
			if (body.path("status").asInt() != status || body.path("detail").asString("").isBlank()) {
				return "a problem detail without status or detail: " + abbreviate(response.body());
			}
			String inside = insideWords(body.path("detail").asString(""));
			if (inside != null) {
				return "a problem detail that names the inside (" + inside + "): " + abbreviate(response.body());
			}
		}
		catch (RuntimeException ex) {
			return "unreadable problem detail: " + abbreviate(response.body());
		}
		return null;
	}

	/**
	 * @return the first word of the service's inside a detail gives away (a Java type,
	 * package or exception), or {@code null}
	 */
	private static String insideWords(String detail) {
		return INSIDE_WORDS.stream().filter(detail::contains).findFirst().orElse(null);
	}

	private static final List<String> INSIDE_WORDS = List.of("java.", "dev.olf.", "tools.jackson", "org.spring",
			"Exception", "`");

	@Test
	void everyRefusalOfAFieldOrParameterNamesItAndSaysWhatToSend() throws Exception {
		UUID customer = Shop.customerWithCredit("10.00");
		String sku = Shop.product("1.00", 1);
		String line = "{\"sku\": \"%s\", \"quantity\": 1}".formatted(sku);
		List<Refusal> refusals = List.of(new Refusal(Service.CUSTOMER, "POST", "/api/customers",
				"{\"name\": \"Eve\\u0007\", \"email\": \"e@example.com\", \"creditLimit\": 1}", "name", "plain text"),
				new Refusal(Service.CUSTOMER, "POST", "/api/customers",
						"{\"name\": \"" + "x".repeat(201) + "\", \"email\": \"e@example.com\", \"creditLimit\": 1}",
						"name", "between 0 and 200"),
				new Refusal(Service.CUSTOMER, "POST", "/api/customers",
						"{\"name\": \"Eve\", \"email\": \"e\\r\\n@example.com\", \"creditLimit\": 1}", "email",
						"plain text"),
				new Refusal(Service.CUSTOMER, "POST", "/api/customers",
						"{\"name\": \"Eve\", \"email\": \"e@example.com\", \"creditLimit\": \"lots\"}", "creditLimit",
						"decimal number"),
				new Refusal(Service.CUSTOMER, "PUT", "/api/customers/" + customer + "/credit-limit",
						"{\"creditLimit\": [1]}", "creditLimit", "decimal number"),
				new Refusal(Service.CUSTOMER, "GET", "/api/customers/not-a-uuid", null, "id", "UUID"),
				new Refusal(Service.INVENTORY, "POST", "/api/products",
						"{\"sku\": \"A\\u0000B\", \"name\": \"n\", \"price\": 1, \"quantity\": 1}", "sku",
						"plain text"),
				new Refusal(Service.INVENTORY, "POST", "/api/products",
						"{\"sku\": \"A-1\", \"name\": \"two\\nlines\", \"price\": 1, \"quantity\": 1}", "name",
						"plain text"),
				new Refusal(Service.INVENTORY, "POST", "/api/products/" + sku + "/restock", "{\"quantity\": \"many\"}",
						"quantity", "whole number"),
				new Refusal(Service.INVENTORY, "PUT", "/api/products/" + sku + "/price", "{\"price\": \"NaN\"}",
						"price", "decimal number"),
				new Refusal(Service.ORDER, "POST", "/api/orders",
						"{\"customerId\": \"bob\", \"lines\": [" + line + "]}", "customerId", "UUID"),
				new Refusal(Service.ORDER, "POST", "/api/orders",
						"{\"customerId\": \"" + customer
								+ "\", \"lines\": [{\"sku\": \"A\\u001bB\", \"quantity\": 1}]}",
						"lines[0].sku", "plain text"),
				new Refusal(Service.ORDER, "POST", "/api/orders",
						"{\"customerId\": \"" + customer + "\", \"lines\": [" + line
								+ ", {\"sku\": \"B\", \"quantity\": \"many\"}]}",
						"lines[1].quantity", "whole number"),
				new Refusal(Service.ORDER, "POST", "/api/orders",
						"{\"customerId\": \"" + customer + "\", \"lines\": 3}", "lines", "JSON array"),
				new Refusal(Service.ORDER, "GET", "/api/orders?status=MAYBE", null, "status", "one of PENDING"),
				new Refusal(Service.ORDER, "GET", "/api/orders?customerId=x", null, "customerId", "UUID"),
				new Refusal(Service.ORDER, "GET", "/api/orders/1/details", null, "id", "UUID"),
				new Refusal(Service.STATS, "GET", "/api/stats/timeseries", null, "metric", "required"),
				new Refusal(Service.STATS, "GET", "/api/stats/products/top?limit=abc", null, "limit", "whole number"));

		for (Refusal refusal : refusals) {
			HttpResponse<String> response = send(refusal.attempt());
			assertThat(response.statusCode()).as("%s", refusal).isEqualTo(400);
			String detail = JSON.readTree(response.body()).path("detail").asString("");
			assertThat(detail).as("%s", refusal).startsWith(refusal.field() + " ").contains(refusal.fix());
			assertThat(insideWords(detail)).as("%s: %s", refusal, detail).isNull();
		}
	}

	/**
	 * A request with one thing wrong: the field or parameter the detail must name, and
	 * words of what to send.
	 */
	record Refusal(Service service, String method, String path, String body, String field, String fix) {

		Attempt attempt() {
			Map<String, String> headers = (this.body != null) ? Map.of("Content-Type", "application/json") : Map.of();
			return new Attempt(this.method, URI.create(SystemStack.shared().url(this.service) + this.path), headers,
					this.body);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path + " " + ((this.body == null) ? "" : abbreviate(this.body));
		}

	}

	private static Map<String, JsonNode> state(UUID customer, String sku, UUID order) {
		Map<String, JsonNode> state = new LinkedHashMap<>();
		state.put("customer", Shop.customer(customer));
		state.put("product", Shop.product(sku));
		state.put("order", SystemStack.get(Service.ORDER, "/api/orders/" + order).body());
		return state;
	}

	private static List<Endpoint> endpoints(UUID customer, String sku, UUID order) {
		return List.of(new Endpoint(Service.CUSTOMER, "POST", "/api/customers", true),
				new Endpoint(Service.CUSTOMER, "GET", "/api/customers", false),
				new Endpoint(Service.CUSTOMER, "GET", "/api/customers/{id}", false, customer.toString()),
				new Endpoint(Service.CUSTOMER, "PUT", "/api/customers/{id}/credit-limit", true, customer.toString()),
				new Endpoint(Service.INVENTORY, "POST", "/api/products", true),
				new Endpoint(Service.INVENTORY, "GET", "/api/products", false),
				new Endpoint(Service.INVENTORY, "GET", "/api/products/{id}", false, sku),
				new Endpoint(Service.INVENTORY, "POST", "/api/products/{id}/restock", true, sku),
				new Endpoint(Service.INVENTORY, "PUT", "/api/products/{id}/price", true, sku),
				new Endpoint(Service.ORDER, "POST", "/api/orders", true),
				new Endpoint(Service.ORDER, "GET", "/api/orders", false),
				new Endpoint(Service.ORDER, "GET", "/api/orders/{id}", false, order.toString()),
				new Endpoint(Service.ORDER, "GET", "/api/orders/{id}/details", false, order.toString()),
				// An order no one placed: a cancel of the real one would be a valid
				// request.
				new Endpoint(Service.ORDER, "POST", "/api/orders/{id}/cancel", false, UUID.randomUUID().toString()),
				new Endpoint(Service.ORDER, "GET", "/api/catalogue/{id}", false, sku),
				new Endpoint(Service.STATS, "GET", "/api/stats/summary", false),
				new Endpoint(Service.STATS, "GET", "/api/stats/timeseries", false),
				new Endpoint(Service.STATS, "GET", "/api/stats/products/top", false),
				new Endpoint(Service.STATS, "GET", "/api/stats/products/low-stock", false));
	}

	private static HttpResponse<String> send(Attempt attempt) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(attempt.uri())
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + SystemStack.token());
		attempt.headers().forEach(request::header);
		request.method(attempt.method(), (attempt.body() == null) ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(attempt.body()));
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

	private static <T> T any(List<T> values, Random random) {
		return values.get(random.nextInt(values.size()));
	}

	record Attempt(String method, URI uri, Map<String, String> headers, String body) {

		@Override
		public String toString() {
			return this.method + " " + abbreviate(this.uri.toString()) + " " + this.headers + " body "
					+ ((this.body == null) ? "none" : abbreviate(this.body));
		}

	}

	/**
	 * One endpoint, and how to break a request to it: its id, its query, its content
	 * type, its body or its method, at least one of them.
	 */
	record Endpoint(Service service, String method, String path, boolean takesBody, String id) {

		Endpoint(Service service, String method, String path, boolean takesBody) {
			this(service, method, path, takesBody, "");
		}

		Attempt hostile(Random random) {
			String pathId = this.id;
			String query = "";
			String method = this.method;
			Map<String, String> headers = new LinkedHashMap<>();
			String body = this.takesBody ? "{}" : null;
			if (this.takesBody) {
				headers.put("Content-Type", "application/json");
			}
			int defects = 0;
			while (defects == 0) {
				if (this.path.contains("{id}") && random.nextInt(3) == 0) {
					pathId = any(BAD_IDS, random);
					defects++;
				}
				if (random.nextInt(3) == 0) {
					query = "?" + any(BAD_QUERIES, random);
					defects += this.takesBody ? 0 : 1;
				}
				if (this.takesBody && random.nextInt(2) == 0) {
					body = any(BAD_BODIES, random);
					defects++;
				}
				if (this.takesBody && random.nextInt(4) == 0) {
					String type = any(BAD_CONTENT_TYPES, random);
					if (type.isEmpty()) {
						headers.remove("Content-Type");
					}
					else {
						headers.put("Content-Type", type);
					}
					defects++;
				}
				if (random.nextInt(8) == 0) {
					method = any(List.of("DELETE", "PATCH", "PUT", "POST"), random);
					defects += method.equals(this.method) ? 0 : 1;
				}
				if (random.nextInt(10) == 0) {
					headers.put("Accept", any(List.of("text/html", "application/xml", "image/png"), random));
				}
				if (this.method.equals("POST") && this.path.equals("/api/orders") && random.nextInt(6) == 0) {
					headers.put("Idempotency-Key", any(List.of("", " ", "k".repeat(201)), random));
					defects++;
				}
			}
			if (this.takesBody && body != null && body.equals("{}")) {
				// An empty object is a defect of its own: every body here has required
				// fields.
				defects++;
			}
			URI base = SystemStack.shared().url(this.service());
			String path = this.path.replace("{id}", pathId);
			return new Attempt(method, URI.create(base + path + query), headers, body);
		}

	}

}
