package dev.olf.localstack.launcher;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The system's REST APIs in the words of the saga tests: customers, products and orders
 * over HTTP, as a client would use them.
 */
final class Shop {

	static final Duration WAIT = Duration.ofSeconds(90);

	static final Set<String> FINAL = Set.of("CONFIRMED", "REJECTED", "CANCELLED");

	private Shop() {
	}

	static UUID customerWithCredit(String creditLimit) {
		SystemStack.Response created = SystemStack.post(Service.CUSTOMER, "/api/customers", """
				{"name": "Customer", "email": "c-%s@example.com", "creditLimit": "%s"}
				""".formatted(UUID.randomUUID(), creditLimit));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		return UUID.fromString(created.body().path("id").asString());
	}

	/**
	 * Adds a product and waits until the order service's catalogue knows it, so that
	 * orders for it are accepted.
	 */
	static String product(String price, int quantity) {
		String sku = "SKU-" + UUID.randomUUID().toString().substring(0, 13);
		SystemStack.Response created = SystemStack.post(Service.INVENTORY, "/api/products", """
				{"sku": "%s", "name": "Product %s", "price": "%s", "quantity": %d}
				""".formatted(sku, sku, price, quantity));
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		await().atMost(WAIT).until(() -> SystemStack.get(Service.ORDER, "/api/catalogue/" + sku).status() == 200);
		return sku;
	}

	static SystemStack.Response order(UUID customer, String sku, int quantity) {
		return SystemStack.post(Service.ORDER, "/api/orders", """
				{"customerId": "%s", "lines": [{"sku": "%s", "quantity": %d}]}
				""".formatted(customer, sku, quantity));
	}

	static UUID placeOrder(UUID customer, String sku, int quantity) {
		SystemStack.Response placed = order(customer, sku, quantity);
		assertThat(placed.status()).as(placed.text()).isEqualTo(202);
		return UUID.fromString(placed.body().path("id").asString());
	}

	/**
	 * Waits for the saga's outcome the way a client should: long polls that the order
	 * service answers as soon as the order is decided.
	 */
	static JsonNode awaitFinal(UUID order) {
		return await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> SystemStack.get(Service.ORDER, "/api/orders/" + order + "?waitFor=final&timeout=10s").body(),
					(body) -> FINAL.contains(body.path("status").asString()));
	}

	static JsonNode customer(UUID id) {
		return SystemStack.get(Service.CUSTOMER, "/api/customers/" + id).body();
	}

	static JsonNode product(String sku) {
		return SystemStack.get(Service.INVENTORY, "/api/products/" + sku).body();
	}

	static List<JsonNode> ordersOf(UUID customer) {
		List<JsonNode> orders = new ArrayList<>();
		int pages = 1;
		for (int page = 0; page < pages; page++) {
			SystemStack.Response response = SystemStack.get(Service.ORDER,
					"/api/orders?size=100&page=" + page + "&customerId=" + customer);
			if (response.status() != 200) {
				throw new IllegalStateException(
						"Listing orders answered " + response.status() + ": " + response.text());
			}
			response.body().path("content").forEach(orders::add);
			pages = response.body().path("page").path("totalPages").asInt();
		}
		return orders;
	}

	static BigDecimal amount(JsonNode node, String field) {
		return node.path(field).decimalValue();
	}

	static List<String> reasons(JsonNode order) {
		List<String> reasons = new ArrayList<>();
		order.path("rejectionReasons").forEach((reason) -> reasons.add(reason.asString()));
		return reasons;
	}

}
