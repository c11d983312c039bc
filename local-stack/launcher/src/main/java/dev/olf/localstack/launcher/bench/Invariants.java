package dev.olf.localstack.launcher.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * The design's invariants ("true whenever the system is quiet"), checked on the data the
 * benchmark created: every order of its customers the order service lists is decided, and
 * every order the benchmark saw accepted is listed as it saw it decided; per product,
 * nothing reserved, committed equal to the confirmed quantity and on hand equal to the
 * initial stock less that; per customer, nothing reserved, used equal to the confirmed
 * totals and available + reserved + used equal to the limit; and the statistics counted
 * exactly the orders placed, confirmed and rejected.
 */
final class Invariants {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private Invariants() {
	}

	/**
	 * @param api the HTTP client
	 * @param services where each service's first instance is
	 * @param workload the customers and products
	 * @param placed every order the benchmark saw accepted, with what the long poll said
	 * @param statsBefore the statistics' order counts before the first order
	 * @return how many orders the order service lists for the benchmark's customers, and
	 * what does not hold
	 * @throws IOException if a service cannot be reached
	 */
	static Checked check(Api api, Urls services, Workload workload, Collection<OpenLoopStep.PlacedOrder> placed,
			JsonNode statsBefore) throws IOException {
		List<String> violations = new ArrayList<>();
		Map<UUID, JsonNode> listed = new HashMap<>();
		for (UUID customer : workload.allCustomers()) {
			int pages = 1;
			for (int page = 0; page < pages; page++) {
				JsonNode body = api.expect(200, api.get(services.order(),
						"/api/orders?size=100&page=" + page + "&customerId=" + customer, TIMEOUT), "Listing orders");
				body.path("content")
					.forEach((order) -> listed.put(UUID.fromString(order.path("id").asString()), order));
				pages = body.path("page").path("totalPages").asInt();
			}
		}
		// The order service's list is the truth: an order whose POST timed out at the
		// client may still have been accepted, and counts like any other.
		Map<String, Integer> committed = new HashMap<>();
		Map<UUID, BigDecimal> used = new HashMap<>();
		long confirmed = 0;
		long rejected = 0;
		for (JsonNode stored : listed.values()) {
			String status = stored.path("status").asString();
			if (!"CONFIRMED".equals(status) && !"REJECTED".equals(status) && !"CANCELLED".equals(status)) {
				violations.add("Order " + stored.path("id").asString() + " is " + status + ", not decided");
			}
			if ("CONFIRMED".equals(status)) {
				confirmed++;
				stored.path("lines")
					.forEach((line) -> committed.merge(line.path("sku").asString(), line.path("quantity").asInt(),
							Integer::sum));
				used.merge(UUID.fromString(stored.path("customerId").asString()), stored.path("total").decimalValue(),
						BigDecimal::add);
			}
			else if ("REJECTED".equals(status)) {
				rejected++;
			}
		}
		for (OpenLoopStep.PlacedOrder order : placed) {
			JsonNode stored = listed.get(order.id());
			if (stored == null) {
				violations.add("Order " + order.id() + " was accepted but the order service does not list it");
			}
			else if (order.status() != null && !order.status().equals(stored.path("status").asString())) {
				violations.add("Order " + order.id() + " was decided " + order.status() + " but is listed "
						+ stored.path("status").asString());
			}
		}
		for (Workload.Product product : workload.allProducts()) {
			JsonNode stock = api.expect(200, api.get(services.inventory(), "/api/products/" + product.sku(), TIMEOUT),
					"Reading a product");
			int sold = committed.getOrDefault(product.sku(), 0);
			expect(violations, product.sku() + " reserved", stock.path("reserved").asLong(), 0);
			expect(violations, product.sku() + " committed", stock.path("committed").asLong(), sold);
			expect(violations, product.sku() + " on hand", stock.path("onHand").asLong(),
					product.initialStock() - sold);
		}
		for (UUID customer : workload.allCustomers()) {
			JsonNode credit = api.expect(200, api.get(services.customer(), "/api/customers/" + customer, TIMEOUT),
					"Reading a customer");
			BigDecimal spent = used.getOrDefault(customer, BigDecimal.ZERO);
			BigDecimal reserved = credit.path("reservedCredit").decimalValue();
			BigDecimal usedCredit = credit.path("usedCredit").decimalValue();
			BigDecimal available = credit.path("availableCredit").decimalValue();
			expect(violations, "customer " + customer + " reserved credit", reserved, BigDecimal.ZERO);
			expect(violations, "customer " + customer + " used credit", usedCredit, spent);
			expect(violations, "customer " + customer + " available + reserved + used credit",
					available.add(reserved).add(usedCredit), workload.creditLimitOf(customer));
		}
		JsonNode stats = api.expect(200, api.get(services.stats(), "/api/stats/summary", TIMEOUT), "Reading statistics")
			.path("orders");
		JsonNode before = statsBefore.path("orders");
		expect(violations, "orders placed in the statistics",
				stats.path("placed").asLong() - before.path("placed").asLong(), listed.size());
		expect(violations, "orders confirmed in the statistics",
				stats.path("confirmed").asLong() - before.path("confirmed").asLong(), confirmed);
		expect(violations, "orders rejected in the statistics",
				stats.path("rejected").asLong() - before.path("rejected").asLong(), rejected);
		return new Checked(listed.size(), violations);
	}

	private static void expect(List<String> violations, String what, long actual, long expected) {
		if (actual != expected) {
			violations.add(what + " is " + actual + ", expected " + expected);
		}
	}

	private static void expect(List<String> violations, String what, BigDecimal actual, BigDecimal expected) {
		if (actual.compareTo(expected) != 0) {
			violations.add(what + " is " + actual.toPlainString() + ", expected " + expected.toPlainString());
		}
	}

	/**
	 * What the check found.
	 *
	 * @param listed orders the order service lists for the benchmark's customers
	 * @param violations what does not hold, empty if everything does
	 */
	record Checked(int listed, List<String> violations) {
	}

	/**
	 * Where to ask.
	 */
	record Urls(URI customer, URI order, URI inventory, URI stats) {
	}

}
