package dev.olf.localstack.launcher;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.olf.localstack.launcher.Shop.amount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 500 orders at once from 20 customers for scarce stock, some cancelled while the saga
 * runs; afterwards every invariant of the design holds exactly.
 */
class ConcurrentOrdersSystemTest {

	private static final int ORDERS = 500;

	@Test
	void nothingIsOversoldAndNoCreditIsCreatedOrLost() throws Exception {
		Random random = new Random(42);
		List<UUID> customers = IntStream.range(0, 20).mapToObj((i) -> Shop.customerWithCredit("150.00")).toList();
		Map<String, Integer> initialStock = new HashMap<>();
		for (int i = 0; i < 5; i++) {
			initialStock.put(Shop.product((i + 2) + ".25", 40), 40);
		}
		List<String> skus = List.copyOf(initialStock.keySet());

		List<UUID> placed = new ArrayList<>();
		try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<SystemStack.Response>> responses = new ArrayList<>();
			for (int i = 0; i < ORDERS; i++) {
				UUID customer = customers.get(random.nextInt(customers.size()));
				String sku = skus.get(random.nextInt(skus.size()));
				int quantity = 1 + random.nextInt(3);
				responses.add(clients.submit(() -> Shop.order(customer, sku, quantity)));
			}
			for (Future<SystemStack.Response> response : responses) {
				assertThat(response.get().status()).as(response.get().text()).isEqualTo(202);
				placed.add(UUID.fromString(response.get().body().path("id").asString()));
			}
			// Cancel every tenth order, wherever its saga is; a rejected one answers 409.
			List<Future<SystemStack.Response>> cancellations = new ArrayList<>();
			for (int i = 0; i < placed.size(); i += 10) {
				UUID order = placed.get(i);
				cancellations
					.add(clients.submit(() -> SystemStack.post(Service.ORDER, "/api/orders/" + order + "/cancel", "")));
			}
			for (Future<SystemStack.Response> cancellation : cancellations) {
				assertThat(cancellation.get().status()).isIn(200, 409);
			}
		}

		Map<UUID, JsonNode> orders = new HashMap<>();
		await().atMost(Shop.WAIT.multipliedBy(3)).until(() -> {
			orders.clear();
			customers.forEach((customer) -> Shop.ordersOf(customer)
				.forEach((order) -> orders.put(UUID.fromString(order.path("id").asString()), order)));
			return orders.keySet().containsAll(placed) && orders.values()
				.stream()
				.allMatch((order) -> Shop.FINAL.contains(order.path("status").asString()));
		});
		assertThat(orders.keySet()).containsAll(placed);

		Map<String, Integer> sold = new HashMap<>();
		Map<UUID, BigDecimal> spent = new HashMap<>();
		orders.values()
			.stream()
			.filter((order) -> order.path("status").asString().equals("CONFIRMED"))
			.forEach((order) -> {
				order.path("lines")
					.forEach((line) -> sold.merge(line.path("sku").asString(), line.path("quantity").asInt(),
							Integer::sum));
				spent.merge(UUID.fromString(order.path("customerId").asString()), amount(order, "total"),
						BigDecimal::add);
			});
		assertThat(sold).as("some orders were confirmed").isNotEmpty();
		assertThat(orders.values()).as("some orders were rejected for stock or credit")
			.anyMatch((order) -> order.path("status").asString().equals("REJECTED"));

		await().atMost(Shop.WAIT).untilAsserted(() -> {
			for (String sku : skus) {
				JsonNode product = Shop.product(sku);
				int committed = sold.getOrDefault(sku, 0);
				assertThat(product.path("reserved").asInt()).as("%s reserved", sku).isZero();
				assertThat(product.path("onHand").asInt()).as("%s on hand", sku)
					.isEqualTo(initialStock.get(sku) - committed);
				assertThat(product.path("committed").asInt()).as("%s committed", sku).isEqualTo(committed);
			}
			for (UUID customer : customers) {
				JsonNode credit = Shop.customer(customer);
				BigDecimal used = spent.getOrDefault(customer, BigDecimal.ZERO);
				assertThat(amount(credit, "reservedCredit")).as("%s reserved", customer).isEqualByComparingTo("0");
				assertThat(amount(credit, "usedCredit")).as("%s used", customer).isEqualByComparingTo(used);
				assertThat(amount(credit, "availableCredit").add(amount(credit, "usedCredit")))
					.as("%s available + used", customer)
					.isEqualByComparingTo("150.00");
			}
		});
	}

}
